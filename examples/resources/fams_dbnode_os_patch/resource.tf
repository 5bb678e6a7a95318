# By OCID: patch every node of one DB system, one node at a time, in a
# monthly window. Changing `window` re-runs the workflow; between windows a
# plan shows drift (a node back on an old kernel, a failed job).
resource "fams_dbnode_os_patch" "sales" {
  db_system_id = "ocid1.dbsystem.oc1.eu-frankfurt-1.exampleuniqueid"

  triggers = {
    window = "2025-07"
  }

  ssh = {
    private_key_secret_id = "ocid1.vaultsecret.oc1.eu-frankfurt-1.exampleuniqueid"
    known_hosts_file      = "~/.ssh/known_hosts_dbnodes"
  }

  timeouts {
    create = "6h"
    update = "6h"
  }
}

# By display name, searched in a compartment and its sub-compartments, with
# option = "precheck": every check runs, nothing is updated or rebooted.
resource "fams_dbnode_os_patch" "hr_precheck" {
  compartment_id         = "ocid1.compartment.oc1..exampleuniqueid"
  db_system_display_name = "hr-db"
  option                 = "precheck"

  kernel_policy = {
    end_of_life_series = ["4.1", "4.14"]
    action             = "fail"
  }
}

# Through a bastion, with pinned host keys, the SSH key from a Vault secret
# and site-specific steps around the update.
resource "fams_dbnode_os_patch" "billing" {
  compartment_id         = "ocid1.compartment.oc1..exampleuniqueid"
  db_system_display_name = "billing-rac"

  ssh = {
    user                  = "opc"
    private_key_secret_id = "ocid1.vaultsecret.oc1.eu-frankfurt-1.exampleuniqueid"
    host_key_fingerprints = [
      "SHA256:Sx2yiUGEfYbT6q3VbP0wKl1nWq7uZrN9mG0kJ3hQeXo",
      "SHA256:3fJx0m0v4xq1dQm0J6pA9eY0y0M3b2o8yq0fQq7cT1E",
    ]
    bastion_host    = "bastion.example.com"
    bastion_user    = "opc"
    bastion_port    = 22
    connect_timeout = "30s"
  }

  job_timeout       = "3h"
  reboot_timeout    = "30m"
  poll_interval_max = "2m"

  commands = {
    database_stop = "/u01/app/oracle/product/19.0.0.0/dbhome_1/bin/srvctl stop database -d {db_unique_name} -o immediate"
  }

  pre_update_commands = [
    "df -P /u01",
    "rpm -qa kernel-uek | sort",
  ]
  post_reboot_commands = [
    "uname -r",
  ]

  break_stale_lock_after = "12h"
}

output "billing_nodes" {
  value = [for n in fams_dbnode_os_patch.billing.nodes : "${n.hostname}: ${n.kernel_version} (${n.outcome})"]
}
