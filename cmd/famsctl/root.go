package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// Exit codes are part of the interface a runbook relies on.
const (
	exitOK       = 0
	exitFailure  = 1
	exitBadInput = 2
)

// usageError marks an error caused by the caller's input (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var u usageError
	if errors.As(err, &u) {
		return exitBadInput
	}
	var e exitError
	if errors.As(err, &e) {
		return e.code
	}
	return exitFailure
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "famsctl",
		Short:         "Patch the OS of Oracle Base Database Service DB nodes, safely and one node at a time",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newVersionCommand(), newSimCommand(), newPatchCommand(), newStatusCommand(), newJobsCommand(), newComplianceCommand())
	return root
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the famsctl version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.Println("famsctl", version)
			return nil
		},
	}
}
