// Command famsctl patches the operating system of Oracle Base Database
// Service DB nodes from a terminal or a Fleet Application Management runbook,
// and runs the embedded simulator. It only turns flags into calls of the
// internal packages; the logic lives there.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCommand().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "famsctl:", err)
		os.Exit(exitCode(err))
	}
}
