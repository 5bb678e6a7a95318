# Every DB node of every live DB system under a compartment.
data "fams_db_nodes" "fleet" {
  compartment_id = var.compartment_id
}

# One patch resource per DB system found.
resource "fams_dbnode_os_patch" "fleet" {
  for_each = toset([for n in data.fams_db_nodes.fleet.nodes : n.db_system_id])

  db_system_id = each.key
}

output "waiting_for_reboot" {
  value = [for n in data.fams_db_nodes.fleet.nodes : "${n.db_system_display_name}/${n.hostname}" if n.reboot_required]
}
