output "preview" {
  description = "What the run does on each node."
  value       = fams_dbnode_os_patch.this.preview
}

output "nodes" {
  description = "Each node after the run: kernel, last dbcli job and outcome."
  value = [
    for n in fams_dbnode_os_patch.this.nodes : {
      hostname        = n.hostname
      kernel_version  = n.kernel_version
      last_job_id     = n.last_job_id
      last_job_status = n.last_job_status
      outcome         = n.outcome
    }
  ]
}
