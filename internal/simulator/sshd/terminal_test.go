package sshd

import (
	"bytes"
	"testing"
)

func TestTerminalWriter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{name: "no newline", writes: []string{"abc"}, want: "abc"},
		{name: "newlines become CRLF", writes: []string{"a\nb\n"}, want: "a\r\nb\r\n"},
		{name: "existing CR is kept like onlcr does", writes: []string{"a\r\n"}, want: "a\r\r\n"},
		{name: "several writes", writes: []string{"a\n", "\n", "b"}, want: "a\r\n\r\nb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out bytes.Buffer
			term := newTerminalWriter(&out)
			for _, w := range tt.writes {
				n, err := term.Write([]byte(w))
				if err != nil || n != len(w) {
					t.Fatalf("Write(%q) = %d, %v; want %d, nil", w, n, err, len(w))
				}
			}
			if got := out.String(); got != tt.want {
				t.Errorf("terminal output = %q, want %q", got, tt.want)
			}
		})
	}
}
