# The demo workspace: the provider is configured entirely by the FAMS_*
# environment variables that the simulator's env file exports.
terraform {
  required_providers {
    fams = {
      source = "fleetpatch/fams"
    }
  }
}

provider "fams" {}

variable "compartment_id" {
  description = "Compartment searched, with its sub-compartments, for the DB systems."
  type        = string
}

data "fams_db_system" "fleet" {
  for_each = toset(["sales-rac", "hr-db"])

  compartment_id = var.compartment_id
  display_name   = each.key
}

output "rolling_order" {
  description = "Per DB system: storage management and its nodes in the order a rolling patch visits them."
  value = {
    for name, sys in data.fams_db_system.fleet : name => {
      storage = sys.storage_management
      nodes   = [for n in sys.nodes : "${n.hostname} (${n.private_ip})"]
    }
  }
}

# One patch resource per DB system: nodes are patched one at a time, and a
# node that drifts (booted back into an old kernel) is patched again.
resource "fams_dbnode_os_patch" "fleet" {
  for_each = toset(["sales-rac", "hr-db"])

  compartment_id         = var.compartment_id
  db_system_display_name = each.key
  poll_interval_max      = "2s"

  triggers = {
    window = "2026-12"
  }
}

output "kernels" {
  description = "Per DB system and node: the kernel running and the outcome of the last run."
  value = {
    for name, p in fams_dbnode_os_patch.fleet : name => [for n in p.nodes : "${n.hostname}: ${n.kernel_version} (${n.outcome})"]
  }
}
