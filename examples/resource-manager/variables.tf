# Set by Resource Manager itself.
variable "region" {
  description = "Region the stack runs in."
  type        = string
}

variable "compartment_id" {
  description = "Compartment of the DB system."
  type        = string
}

variable "db_system_id" {
  description = "OCID of the DB system whose nodes are patched."
  type        = string
}

variable "option" {
  description = "update: precheck, OS update and reboot, node by node. precheck: checks only."
  type        = string
  default     = "update"

  validation {
    condition     = contains(["update", "precheck"], var.option)
    error_message = "option must be update or precheck."
  }
}

variable "patch_window" {
  description = "Name of the patch window, e.g. 2025-07. A new value runs the workflow again."
  type        = string
}

variable "ssh_key_secret_id" {
  description = "OCID of the Vault secret that holds the opc user's SSH private key."
  type        = string
}

variable "host_key_fingerprints" {
  description = "SHA256 fingerprints of the DB nodes' host keys, e.g. SHA256:Sx2y..."
  type        = list(string)
}

variable "bastion_host" {
  description = "Jump host to reach the nodes' private IPs; empty for none."
  type        = string
  default     = ""
}

variable "end_of_life_kernel_action" {
  description = "What to do with a node on an end-of-life kernel series (UEK4, UEK5): skip or fail."
  type        = string
  default     = "skip"
}
