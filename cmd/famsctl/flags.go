package main

import (
	"fmt"
	"strings"
)

// flagNames rewrites the setting names internal packages use (their
// Terraform spelling) into this CLI's flags.
func flagNames(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s", flagNameReplacer.Replace(err.Error()))
}

var flagNameReplacer = strings.NewReplacer(
	"managed_instance_group_id", "--managed-instance-group-id",
	"db_system_id", "--db-system-id",
	"compartment_id", "--compartment-id",
	"display_name", "--display-name",
	"include_subtree", "--recursive",
	"max_severity", "--max-severity",
	"max_age", "--max-age",
	"ssh_private_key_secret_id", "--ssh-private-key-secret-id",
	"config_file_path", "--config-file",
	"config_file_profile", "--profile",
)
