# Authentication comes from the environment (FAMS_AUTH, FAMS_REGION,
# FAMS_CONFIG_FILE_PATH, FAMS_CONFIG_FILE_PROFILE) that the CI job sets up
# from its secrets; nothing secret is written here.
provider "fams" {
  ssh = {
    private_key_secret_id = var.ssh_key_secret_id
    known_hosts_file      = var.known_hosts_file
  }
}

resource "fams_dbnode_os_patch" "this" {
  for_each = var.db_systems

  compartment_id         = var.compartment_id
  db_system_display_name = each.key
  option                 = var.option

  triggers = {
    window = var.patch_window
  }

  timeouts {
    create = "8h"
    update = "8h"
  }
}

output "preview" {
  description = "Per DB system, what the next apply will do on each node."
  value       = { for name, p in fams_dbnode_os_patch.this : name => p.preview }
}

output "nodes" {
  description = "Per DB system, each node's kernel and last patch job after the run."
  value = {
    for name, p in fams_dbnode_os_patch.this : name => [
      for n in p.nodes : {
        hostname        = n.hostname
        kernel_version  = n.kernel_version
        last_job_status = n.last_job_status
        outcome         = n.outcome
      }
    ]
  }
}
