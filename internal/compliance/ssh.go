package compliance

import (
	"context"
	"io"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// SSHOpener returns a Checker.SSH function: the key is read (from Vault
// through client when that is where it is) and the pool opened only when a
// node is actually read over SSH.
func SSHOpener(s access.SSH, client *oci.Client) func(ctx context.Context) (Runner, error) {
	return func(ctx context.Context) (Runner, error) {
		return access.Dial(ctx, s, client, nil)
	}
}

// Close closes the SSH connections the checker opened, if any.
func (c *Checker) Close() error {
	if closer, ok := c.sshRunner.(io.Closer); ok {
		return closer.Close()
	}
	return nil
}
