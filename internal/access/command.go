package access

import (
	"context"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// Runner runs a command on a host; *remote.Pool is the production one and
// keeps one connection per node.
type Runner interface {
	Run(ctx context.Context, host string, cmd remote.Cmd) (remote.Result, error)
}

// Command is how a DB node command is sent: as the login user, or through
// non-interactive sudo as root or as another user.
func Command(c dbnode.Command) remote.Cmd {
	switch c.RunAs {
	case dbnode.LoginUser:
		return remote.Cmd{Line: c.Line}
	case dbnode.Root:
		return remote.Cmd{Line: c.Line, Sudo: true}
	default:
		return remote.Cmd{Line: c.Line, User: c.RunAs}
	}
}
