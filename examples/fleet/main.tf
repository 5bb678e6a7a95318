terraform {
  required_version = ">= 1.5.0"

  required_providers {
    fams = {
      source = "fleetpatch/fams"
    }
  }
}

provider "fams" {
  ssh = {
    private_key_secret_id = var.ssh_key_secret_id
    known_hosts_file      = var.known_hosts_file
  }
}

locals {
  first_wave  = { for name, s in var.db_systems : name => s if s.wave == 1 }
  second_wave = { for name, s in var.db_systems : name => s if s.wave == 2 }
}

# Wave 1: test and standby systems. Systems within a wave are patched in
# parallel; the nodes of each system one at a time.
resource "fams_dbnode_os_patch" "first_wave" {
  for_each = local.first_wave

  compartment_id         = var.compartment_id
  db_system_display_name = each.key
  option                 = each.value.option

  triggers = {
    window = var.patch_window
  }

  timeouts {
    create = "8h"
    update = "8h"
  }
}

# Wave 2 starts only after every wave-1 system has been patched, and not at
# all if one of them failed: the reference to the first wave in `triggers` is
# an ordinary dependency, so no depends_on is needed. Its value changes only
# when the set of wave-1 systems changes or one of them is replaced.
resource "fams_dbnode_os_patch" "second_wave" {
  for_each = local.second_wave

  compartment_id         = var.compartment_id
  db_system_display_name = each.key
  option                 = each.value.option

  triggers = {
    window = var.patch_window
    after  = join(",", sort([for p in fams_dbnode_os_patch.first_wave : p.id]))
  }

  timeouts {
    create = "8h"
    update = "8h"
  }
}

# One compliance report per system, read at plan time: it shows the fleet as
# it is before this apply. A later plan shows the result.
data "fams_dbnode_patch_compliance" "this" {
  for_each = var.db_systems

  compartment_id = var.compartment_id
  display_name   = each.key
  max_severity   = var.max_severity
}
