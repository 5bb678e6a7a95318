# API key authentication from an OCI config file profile.
provider "fams" {
  auth                = "ApiKey"
  config_file_path    = "~/.oci/config"
  config_file_profile = "DEFAULT"
  region              = "eu-frankfurt-1"
}

# In OCI Resource Manager, the stack's own identity signs the requests.
provider "fams" {
  alias = "orm"
  auth  = "ResourcePrincipal"
}
