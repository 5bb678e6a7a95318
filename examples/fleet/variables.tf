variable "compartment_id" {
  description = "Compartment searched, with its sub-compartments, for the DB systems."
  type        = string
}

variable "db_systems" {
  description = "DB systems by display name. wave 1 is patched first, wave 2 after every wave-1 system succeeded."
  type = map(object({
    wave   = number
    option = optional(string, "update")
  }))

  validation {
    condition     = alltrue([for s in values(var.db_systems) : contains([1, 2], s.wave)])
    error_message = "wave must be 1 or 2."
  }
}

variable "patch_window" {
  description = "Name of the patch window, e.g. 2025-07. A new value re-runs the workflow everywhere."
  type        = string
}

variable "ssh_key_secret_id" {
  description = "OCID of the Vault secret that holds the opc user's SSH private key."
  type        = string
}

variable "known_hosts_file" {
  description = "known_hosts file with the DB nodes' host keys."
  type        = string
  default     = "~/.ssh/known_hosts"
}

variable "max_severity" {
  description = "Highest severity of pending security updates a compliant system may have: Low, Moderate, Important or Critical."
  type        = string
  default     = "Low"
}
