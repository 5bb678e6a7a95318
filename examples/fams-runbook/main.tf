# Fleet Application Management (FAMS) wiring for famsctl on a self-hosted
# instance: IAM, the self-hosted instance registration, a fleet and a
# runbook with a precheck task and an update task.
#
# Written against the OCI provider 7.x documentation. Kept well-formed with
# `terraform fmt -check`; not applied as part of this repository's tests.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    oci = {
      source  = "oracle/oci"
      version = ">= 7.0.0"
    }
  }
}

provider "oci" {
  region = var.region
}

variable "region" {
  type = string
}

variable "tenancy_ocid" {
  type = string
}

variable "compartment_id" {
  description = "Compartment of the fleet and the runbook."
  type        = string
}

variable "self_hosted_instance_id" {
  description = "OCID of the compute instance that runs famsctl (created with cloud-init.yaml)."
  type        = string
}

variable "self_hosted_instance_name" {
  type    = string
  default = "Self-Hosted-Instance1"
}

variable "dynamic_group_name" {
  type    = string
  default = "FAMS-SelfHost-Scheduler-Mgmt-DG"
}

variable "target_compartment_names" {
  description = "Compartments that hold the DB systems and the Vault secret."
  type        = list(string)
  default     = ["Services-Comp1", "Services-Comp2"]
}

variable "environment_type" {
  type    = string
  default = "Production"
}

locals {
  in_targets = "where any {target.compartment.name in (${join(", ", [for n in var.target_compartment_names : "'${n}'"])})}"

  # The statements of Oracle's use case, one for one. The guide writes
  # "read vnic"; the IAM resource type is "vnics".
  use_case_statements = [
    "Allow dynamic-group ${var.dynamic_group_name} to {VAULT_READ, SECRET_BUNDLE_READ, OBJECT_INSPECT, OBJECT_READ} in tenancy ${local.in_targets}",
    "Allow dynamic-group ${var.dynamic_group_name} to read database-family in tenancy ${local.in_targets}",
    "Allow dynamic-group ${var.dynamic_group_name} to read vnics in tenancy ${local.in_targets}",
    "Allow dynamic-group ${var.dynamic_group_name} to {FAMS_SCHEDULE_JOB_UPDATE} in tenancy",
  ]

  # Not in the guide: famsctl finds a DB system by display name across the
  # compartment tree, which lists compartments.
  famsctl_statements = [
    "Allow dynamic-group ${var.dynamic_group_name} to inspect compartments in tenancy",
  ]

  # FAMS passes the runbook's input variables as NAME=VALUE arguments;
  # famsctl accepts dbsystemname=NAME as it is. The env file is written by
  # cloud-init.yaml.
  precheck_command = ". /etc/famsctl/env && famsctl patch \"$@\" --option precheck"
  update_command   = ". /etc/famsctl/env && famsctl patch \"$@\" --option update"
}

# 1. Instance principal for the self-hosted instance.
resource "oci_identity_dynamic_group" "self_hosted" {
  compartment_id = var.tenancy_ocid
  name           = var.dynamic_group_name
  description    = "FAMS self-hosted instance that runs famsctl"
  matching_rule  = "instance.id = '${var.self_hosted_instance_id}'"
}

resource "oci_identity_policy" "self_hosted" {
  compartment_id = var.tenancy_ocid
  name           = var.dynamic_group_name
  description    = "DB node OS patching with famsctl on the FAMS self-hosted instance"
  statements     = concat(local.use_case_statements, local.famsctl_statements)
}

# 2. The instance as a FAMS self-hosted instance.
resource "oci_fleet_apps_management_platform_configuration" "self_hosted" {
  compartment_id = var.tenancy_ocid
  display_name   = var.self_hosted_instance_name
  description    = "Runs famsctl for DB node OS patching"

  config_category_details {
    config_category = "SELF_HOSTED_INSTANCE"
    instance_id     = var.self_hosted_instance_id
    instance_name   = var.self_hosted_instance_name
  }
}

# 3. A fleet whose only resource is the self-hosted instance; no product.
resource "oci_fleet_apps_management_fleet" "os_patching" {
  compartment_id   = var.compartment_id
  display_name     = "fams_db-os-patching"
  description      = "Self-hosted instance that patches Base Database Service DB nodes"
  environment_type = var.environment_type

  details {
    fleet_type = "GENERIC"
  }

  resource_selection {
    resource_selection_type = "MANUAL"
  }
}

resource "oci_fleet_apps_management_fleet_resource" "self_hosted" {
  compartment_id = var.compartment_id
  fleet_id       = oci_fleet_apps_management_fleet.os_patching.id
  resource_id    = var.self_hosted_instance_id
  tenancy_id     = var.tenancy_ocid
}

# 4. The runbook: precheck on every node, then the rolling update. A failed
# precheck (famsctl exit code 3) aborts the runbook before any node changes.
resource "oci_fleet_apps_management_runbook" "os_patching" {
  compartment_id = var.compartment_id
  display_name   = "fams_os_dbaas_patching_runbook"
  description    = "OS patching of Base Database Service DB nodes with famsctl"
  operation      = "PATCH"
  os_type        = "LINUX"
  estimated_time = "PT4H"

  runbook_version {
    version = "1"

    execution_workflow_details {
      workflow {
        group_name = "self_hosted"
        type       = "PARALLEL_RESOURCE_GROUP"

        steps {
          type      = "TASK"
          step_name = "famsctl_precheck"
        }
        steps {
          type      = "TASK"
          step_name = "famsctl_update"
        }
      }
    }

    groups {
      name = "self_hosted"
      type = "PARALLEL_RESOURCE_GROUP"

      properties {
        action_on_failure = "ABORT"

        run_on {
          kind = "SELF_HOSTED_INSTANCES"
          host = var.self_hosted_instance_id
        }
      }
    }

    tasks {
      step_name = "famsctl_precheck"

      step_properties {
        action_on_failure = "ABORT"
      }

      task_record_details {
        scope       = "LOCAL"
        name        = "famsctl_precheck"
        description = "famsctl patch dbsystemname=NAME --option precheck"
        os_type     = "LINUX"

        execution_details {
          execution_type = "SCRIPT"
          command        = local.precheck_command

          variables {
            input_variables {
              name        = "dbsystemname"
              type        = "STRING"
              description = "Display name of the DB system"
            }
          }
        }

        properties {
          num_retries        = 0
          timeout_in_seconds = 3600
        }
      }
    }

    tasks {
      step_name = "famsctl_update"

      step_properties {
        action_on_failure = "ABORT"
      }

      task_record_details {
        scope                 = "LOCAL"
        name                  = "famsctl_update"
        description           = "famsctl patch dbsystemname=NAME --option update"
        os_type               = "LINUX"
        is_apply_subject_task = true

        execution_details {
          execution_type = "SCRIPT"
          command        = local.update_command

          variables {
            input_variables {
              name        = "dbsystemname"
              type        = "STRING"
              description = "Display name of the DB system"
            }
          }
        }

        # No automatic retry: a failed patch wants a look first. Running the
        # runbook again resumes: famsctl adopts a dbcli job still running.
        properties {
          num_retries        = 0
          timeout_in_seconds = 28800
        }
      }
    }
  }
}

output "runbook_id" {
  value = oci_fleet_apps_management_runbook.os_patching.id
}

output "fleet_id" {
  value = oci_fleet_apps_management_fleet.os_patching.id
}
