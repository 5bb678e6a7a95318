package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

func newSimCommand() *cobra.Command {
	var (
		opts         simulator.Options
		scenarioFile string
	)
	cmd := &cobra.Command{
		Use:   "sim --state-dir DIR",
		Short: "Run a simulated fleet of DB systems (SSH DB nodes + a fake OCI API) until interrupted",
		Long: `Starts simulated DB nodes, each a real SSH server on its own loopback address
(127.0.1.N), and a fake OCI API that the real OCI SDK can talk to. It writes into
the state directory everything a client needs: an OCI config file with an API key,
the fleet's SSH key (also stored as a Vault secret), known_hosts, fleet.json and
env, a file of shell export lines:

    famsctl sim --state-dir /tmp/fams-sim &
    . /tmp/fams-sim/env

It keeps running until SIGINT or SIGTERM and then shuts down cleanly.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if scenarioFile != "" {
				sc, err := simulator.LoadScenario(scenarioFile)
				if err != nil {
					return usageError{err}
				}
				opts.Scenario = sc
			}
			if err := opts.Validate(); err != nil {
				return usageError{err}
			}
			ctx := cmd.Context()
			fleet, err := simulator.Start(opts)
			if err != nil {
				return err
			}
			info := fleet.Info()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "simulator: %d DB systems, %d DB nodes; OCI API at %s\n", len(info.Systems), fleet.NodeCount(), info.Endpoint)
			for _, s := range info.Systems {
				fmt.Fprintf(out, "  %-24s %-4s %s\n", s.DisplayName, s.Storage, s.ID)
				for _, n := range s.Nodes {
					fmt.Fprintf(out, "    %-22s %s:%d\n", n.Hostname, n.PrivateIP, info.SSHPort)
				}
			}
			fmt.Fprintf(out, "settings: . %s/env\n", opts.StateDir)
			<-ctx.Done()
			fmt.Fprintln(out, "simulator: shutting down")
			return fleet.Close()
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.StateDir, "state-dir", "", "directory for keys, known_hosts, fleet.json and env (created if missing; required)")
	f.IntVar(&opts.Systems, "systems", 2, "number of DB systems")
	f.IntVar(&opts.NodesPerSystem, "nodes-per-system", 2, "DB nodes per system: 1 or 2 (2 is a RAC)")
	f.StringVar(&opts.Storage, "storage", simulator.StorageMixed, "storage management: asm, lvm or mixed (alternating)")
	f.StringVar(&scenarioFile, "scenario", "", "JSON scenario file with timings and fault knobs per node")
	f.IntVar(&opts.SSHPort, "ssh-port", 2222, "SSH port every node listens on (0 picks a free one)")
	f.StringVar(&opts.APIAddr, "api-addr", "127.0.0.1:0", "listen address of the fake OCI API and its admin API")
	f.StringVar(&opts.FirstNodeIP, "first-node-ip", "127.0.1.1", "loopback address of the first node; the others follow")
	f.DurationVar(&opts.Timing.Job, "job-duration", 30*time.Second, "how long an OS update job runs")
	f.DurationVar(&opts.Timing.Reboot, "reboot-duration", 10*time.Second, "how long a node stays down when it reboots")
	return cmd
}
