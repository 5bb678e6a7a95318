package patch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// output is a command's answer.
type output struct {
	cmd    dbnode.Command
	stdout string
	// text is stderr then stdout: parsers look for their payload at the
	// end and skip the noise (locale warnings, banners) before it.
	text   string
	status int
}

// failed describes a command that exited non-zero, quoting its answer.
func (o output) failed() error {
	return fmt.Errorf("`%s` exited with status %d", o.cmd, o.status)
}

// run sends one command. A non-zero exit is not an error here: the
// caller's parser decides what the status means. The error is the
// transport's (the node could not be reached, the connection dropped,
// the context ended).
func run(ctx context.Context, ssh Transport, host string, c dbnode.Command, timeout time.Duration) (output, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := ssh.Run(ctx, host, access.Command(c))
	if err != nil && remote.KindOf(err) != remote.KindCommandFailed {
		return output{cmd: c}, err
	}
	stdout := string(res.Stdout)
	text := stdout
	if stderr := strings.TrimSpace(string(res.Stderr)); stderr != "" {
		text = stderr + "\n" + stdout
	}
	return output{cmd: c, stdout: stdout, text: text, status: res.ExitStatus}, nil
}

// errWaitTimeout marks a wait that ran out of its budget.
var errWaitTimeout = errors.New("timed out")

// backoff yields the waits between polls: initial, then half as much
// again each time, up to max.
type backoff struct {
	next, max time.Duration
}

func (b *backoff) wait() time.Duration {
	d := b.next
	b.next = min(b.max, b.next+b.next/2)
	return d
}
