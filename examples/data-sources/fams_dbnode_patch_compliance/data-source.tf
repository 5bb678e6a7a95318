# Security compliance of the DB nodes of one DB system: nodes that are
# OS Management Hub managed instances are read from there, the others over
# SSH with the key kept in a Vault secret.
data "fams_dbnode_patch_compliance" "sales" {
  compartment_id         = var.compartment_id
  db_system_display_name = "sales-rac"

  # Tolerate Low and Moderate advisories, but none older than 30 days.
  max_severity = "Moderate"
  max_age      = "30d"

  ssh = {
    user                  = "opc"
    private_key_secret_id = var.ssh_key_secret_id
  }
}

output "non_compliant_nodes" {
  value = {
    for n in data.fams_dbnode_patch_compliance.sales.nodes :
    n.hostname => n.reasons if !n.compliant
  }
}

# Stop a pipeline when the system is out of policy.
check "sales_patched" {
  assert {
    condition     = data.fams_dbnode_patch_compliance.sales.compliant
    error_message = "sales-rac lacks security updates beyond policy; see non_compliant_nodes."
  }
}
