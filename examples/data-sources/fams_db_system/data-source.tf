# By display name, searched in a compartment and all its sub-compartments.
data "fams_db_system" "by_name" {
  compartment_id = var.compartment_id
  display_name   = "sales-rac"
}

# By OCID.
data "fams_db_system" "by_id" {
  db_system_id = var.db_system_id
}

output "rolling_order" {
  value = [for n in data.fams_db_system.by_name.nodes : n.hostname]
}
