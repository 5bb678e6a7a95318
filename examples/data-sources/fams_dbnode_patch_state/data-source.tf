# Read every node's patch state without changing anything.
data "fams_dbnode_patch_state" "sales" {
  compartment_id         = var.compartment_id
  db_system_display_name = "sales-rac"
}

output "nodes_waiting_for_reboot" {
  value = [for n in data.fams_dbnode_patch_state.sales.nodes : n.hostname if n.reboot_required]
}
