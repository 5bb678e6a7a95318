terraform {
  # OCI Resource Manager runs Terraform 1.5.x.
  required_version = ">= 1.5.0"

  required_providers {
    fams = {
      source = "fleetpatch/fams"
    }
  }
}

# The stack's job signs OCI requests as itself: no keys in the stack.
provider "fams" {
  auth   = "ResourcePrincipal"
  region = var.region

  ssh = {
    private_key_secret_id = var.ssh_key_secret_id
    host_key_fingerprints = var.host_key_fingerprints
    bastion_host          = var.bastion_host == "" ? null : var.bastion_host
  }
}

resource "fams_dbnode_os_patch" "this" {
  db_system_id = var.db_system_id
  option       = var.option

  triggers = {
    window = var.patch_window
  }

  kernel_policy = {
    action = var.end_of_life_kernel_action
  }

  # A Resource Manager job stops after 24 hours at most.
  timeouts {
    create = "8h"
    update = "8h"
  }
}
