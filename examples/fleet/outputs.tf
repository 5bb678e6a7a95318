output "compliant" {
  description = "Per DB system: true when no node has pending security updates above max_severity."
  value       = { for name, c in data.fams_dbnode_patch_compliance.this : name => c.compliant }
}

output "non_compliant" {
  description = "DB systems that need patching."
  value       = sort([for name, c in data.fams_dbnode_patch_compliance.this : name if !c.compliant])
}

output "compliance_nodes" {
  description = "Per DB system, the per-node compliance details."
  value       = { for name, c in data.fams_dbnode_patch_compliance.this : name => c.nodes }
}

output "patched" {
  description = "Per DB system, each node's outcome in the last run."
  value = merge(
    { for name, p in fams_dbnode_os_patch.first_wave : name => { for n in p.nodes : n.hostname => n.outcome } },
    { for name, p in fams_dbnode_os_patch.second_wave : name => { for n in p.nodes : n.hostname => n.outcome } },
  )
}
