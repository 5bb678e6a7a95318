package sshd

import (
	"bytes"
	"io"
	"sync"
)

// terminalWriter imitates a pseudo-terminal's output side: stdout and
// stderr share it, and every "\n" reaches the client as "\r\n" (the onlcr
// mode that terminals have on by default).
type terminalWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func newTerminalWriter(w io.Writer) *terminalWriter {
	return &terminalWriter{w: w}
}

func (t *terminalWriter) Write(p []byte) (int, error) {
	translated := bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := t.w.Write(translated); err != nil {
		return 0, err
	}
	return len(p), nil
}
