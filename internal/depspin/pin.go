// Package depspin keeps dependencies in go.mod while packages that use them are written. Removed before landing.
package depspin

import (
	_ "github.com/creack/pty"
	_ "github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	_ "github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	_ "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	_ "github.com/jonboulle/clockwork"
	_ "github.com/oracle/oci-go-sdk/v65/common/auth"
	_ "github.com/oracle/oci-go-sdk/v65/core"
	_ "github.com/oracle/oci-go-sdk/v65/database"
	_ "github.com/oracle/oci-go-sdk/v65/identity"
	_ "github.com/oracle/oci-go-sdk/v65/osmanagementhub"
	_ "github.com/oracle/oci-go-sdk/v65/secrets"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/crypto/ssh"
	_ "golang.org/x/crypto/ssh/agent"
	_ "golang.org/x/crypto/ssh/knownhosts"
	_ "mvdan.cc/sh/v3/syntax"
)
