variable "compartment_id" {
  description = "Compartment searched, with its sub-compartments, for the DB systems."
  type        = string
}

variable "db_systems" {
  description = "Display names of the DB systems this pipeline patches."
  type        = set(string)
}

variable "ssh_key_secret_id" {
  description = "OCID of the Vault secret that holds the opc user's SSH private key."
  type        = string
}

variable "patch_window" {
  description = "Name of the current patch window, e.g. 2025-07. A new value re-runs the patch workflow on every DB system."
  type        = string
}

variable "option" {
  description = "update, or precheck to run the checks only."
  type        = string
  default     = "update"
}

variable "known_hosts_file" {
  description = "known_hosts file with the DB nodes' host keys. The CI job writes it from a CI variable; host keys are public."
  type        = string
  default     = "known_hosts"
}
