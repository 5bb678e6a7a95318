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
