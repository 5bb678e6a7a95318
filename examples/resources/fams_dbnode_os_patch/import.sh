# A DB system is imported by its OCID. The next refresh reads every node's
# kernel and last dbcli job; nothing is patched until the next apply.
terraform import fams_dbnode_os_patch.example ocid1.dbsystem.oc1.eu-frankfurt-1.exampleuniqueid
