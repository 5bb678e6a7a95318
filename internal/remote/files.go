package remote

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// File names a file on the node and how to access it.
type File struct {
	// Path is absolute.
	Path string
	// Mode is applied to an uploaded file; 0 means 0600.
	Mode fs.FileMode
	// Sudo and User access the file as root or User, as in Cmd.
	Sudo bool
	User string
}

func (f File) check() error {
	if !path.IsAbs(f.Path) || strings.HasSuffix(f.Path, "/") {
		return fmt.Errorf("%q is not an absolute file path", f.Path)
	}
	if f.Mode&^fs.ModePerm != 0 {
		return fmt.Errorf("mode %v of %s has more than permission bits", f.Mode, f.Path)
	}
	return nil
}

// Upload writes data to f.Path through `cat` over the session: into a
// temporary file beside it (created with umask 077, so nobody reads it
// half-written), then chmod and rename, so that readers see the old file
// or the whole new one.
func (c *Client) Upload(ctx context.Context, f File, data []byte) error {
	if err := f.check(); err != nil {
		return fmt.Errorf("upload to %s: %w", c.host, err)
	}
	mode := f.Mode
	if mode == 0 {
		mode = 0o600
	}
	dir, target, err := quotePair(path.Dir(f.Path), f.Path)
	if err != nil {
		return fmt.Errorf("upload to %s: %w", c.host, err)
	}
	script := strings.Join([]string{
		"set -e",
		"umask 077",
		`tmp=$(mktemp ` + dir + `/.fams-upload.XXXXXX)`,
		`trap 'rm -f "$tmp"' EXIT`,
		`cat > "$tmp"`,
		fmt.Sprintf(`chmod %04o "$tmp"`, mode.Perm()),
		`mv -f "$tmp" ` + target,
		"trap - EXIT",
	}, "\n")
	line, err := Join("sh", "-c", script)
	if err != nil {
		return fmt.Errorf("upload to %s: %w", c.host, err)
	}
	_, err = c.Run(ctx, Cmd{Line: line, Sudo: f.Sudo, User: f.User, Stdin: bytes.NewReader(data)})
	if err != nil {
		return fmt.Errorf("upload %s: %w", f.Path, err)
	}
	return nil
}

// ErrTooLarge is returned by Fetch for a file bigger than
// Config.OutputLimit.
var ErrTooLarge = errors.New("the file is larger than the output limit")

// Fetch reads f.Path with `cat`. Files larger than Config.OutputLimit are
// refused rather than returned cut short.
func (c *Client) Fetch(ctx context.Context, f File) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, fmt.Errorf("fetch from %s: %w", c.host, err)
	}
	line, err := Join("cat", "--", f.Path)
	if err != nil {
		return nil, fmt.Errorf("fetch from %s: %w", c.host, err)
	}
	res, err := c.Run(ctx, Cmd{Line: line, Sudo: f.Sudo, User: f.User})
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", f.Path, err)
	}
	if res.Truncated {
		return nil, fmt.Errorf("fetch %s from %s: %w (%d bytes)", f.Path, c.host, ErrTooLarge, c.cfg.OutputLimit)
	}
	return res.Stdout, nil
}

func quotePair(a, b string) (string, string, error) {
	qa, err := Quote(a)
	if err != nil {
		return "", "", err
	}
	qb, err := Quote(b)
	return qa, qb, err
}
