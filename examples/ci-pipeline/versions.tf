terraform {
  required_version = ">= 1.5.0"

  required_providers {
    fams = {
      source = "fleetpatch/fams"
    }
  }

  # Keep state in a shared backend so that plan and apply jobs see the same
  # state, e.g. an OCI Object Storage bucket through the S3-compatible API:
  # backend "s3" {}
}
