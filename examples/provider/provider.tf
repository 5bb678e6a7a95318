# API key authentication from an OCI config file profile.
provider "fams" {
  auth                = "ApiKey"
  config_file_path    = "~/.oci/config"
  config_file_profile = "DEFAULT"
  region              = "eu-frankfurt-1"

  # SSH defaults for every DB node: the key is read from an OCI Vault
  # secret at run time and never stored.
  ssh = {
    user                  = "opc"
    private_key_secret_id = "ocid1.vaultsecret.oc1.eu-frankfurt-1.exampleuniqueid"
    known_hosts_file      = "~/.ssh/known_hosts_dbnodes"
  }
}

# In OCI Resource Manager, the stack's own identity signs the requests.
provider "fams" {
  alias = "orm"
  auth  = "ResourcePrincipal"
}
