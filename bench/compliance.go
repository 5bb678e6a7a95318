package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/identity"
	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

// compliancePart reports on every managed instance of the fleet, with
// latency injected into every API call: famsctl compliance against a
// serial replay of the seed compliance_report.py.
func compliancePart(ctx context.Context, cfg config) []row {
	measure := fmt.Sprintf("Compliance report, %d managed instances, %s per API call: wall time (API calls)", cfg.fleetNodes, cfg.latency)
	dir := filepath.Join(cfg.work, "compliance")
	s, err := startSim(ctx, filepath.Join(cfg.bin, "famsctl"), dir,
		"--systems", fmt.Sprint((cfg.fleetNodes+1)/2), "--nodes-per-system", "2", "--first-node-ip", "127.2.0.1")
	if err != nil {
		return []row{failed(measure, err)}
	}
	defer s.stop()
	if err := s.setLatency(cfg.latency); err != nil {
		return []row{failed(measure, err)}
	}

	// famsctl compliance: exit code 1 says some node is not compliant.
	if err := s.resetAPICounters(); err != nil {
		return []row{failed(measure, err)}
	}
	fr, err := command{env: s.env(), okCodes: []int{1}}.run(ctx, filepath.Join(cfg.bin, "famsctl"),
		"compliance", "--compartment-id", s.info.CompartmentID, "--recursive", "-o", "json")
	if err != nil {
		return []row{failed(measure, err)}
	}
	var nodes []json.RawMessage
	if err := json.Unmarshal(reportNodes(fr.out), &nodes); err != nil {
		return []row{failed(measure, fmt.Errorf("famsctl compliance output: %w", err))}
	}
	fc, err := s.apiCounters()
	if err != nil {
		return []row{failed(measure, err)}
	}

	// The seed script's algorithm, one request at a time.
	if err := s.resetAPICounters(); err != nil {
		return []row{failed(measure, err)}
	}
	start := time.Now()
	rep, err := replayComplianceReport(ctx, s.info, s.dir)
	replayWall := time.Since(start)
	if err != nil {
		return []row{failed(measure, fmt.Errorf("replay: %w", err))}
	}
	rc, err := s.apiCounters()
	if err != nil {
		return []row{failed(measure, err)}
	}
	_ = rep

	r := row{
		measure: measure + fmt.Sprintf(" — famsctl reported %d nodes; the replay %d instances, %d vulnerable", len(nodes), rep.total, rep.vulnerable),
		fams:    fmt.Sprintf("%s (%d calls)", secs(fr.wall), fc.Total),
		model:   fmt.Sprintf("%s (%d calls), serial replay of compliance_report.py in Go, page size 10", secs(replayWall), rc.Total),
		ratio:   "replay/fams " + times(replayWall.Seconds(), fr.wall.Seconds()) + " time, " + times(float64(rc.Total), float64(fc.Total)) + " calls",
		target:  "< 3 s",
		met:     yesNo(fr.wall < 3*time.Second && len(nodes) == cfg.fleetNodes),
	}
	return []row{r}
}

// reportNodes finds the node list in famsctl's JSON report, whether it
// is the document itself or its "nodes" member.
func reportNodes(out []byte) []byte {
	var doc map[string]json.RawMessage
	if json.Unmarshal(out, &doc) == nil {
		if n, ok := doc["nodes"]; ok {
			return n
		}
	}
	return out
}

type replayReport struct{ total, vulnerable int }

// replayComplianceReport is compliance_report.py's algorithm with the
// real SDK clients: find the sub-compartments (one ListCompartments per
// compartment), list each compartment's managed instances 10 at a time,
// get each instance, and when it has updates list them 10 at a time,
// counting the security ones. Every call waits for the previous one.
func replayComplianceReport(ctx context.Context, info simulator.Info, stateDir string) (replayReport, error) {
	var rep replayReport
	provider, err := common.ConfigurationProviderFromFile(filepath.Join(stateDir, simulator.FileOCIConfig), "")
	if err != nil {
		return rep, err
	}
	iam, err := identity.NewIdentityClientWithConfigurationProvider(provider)
	if err != nil {
		return rep, err
	}
	iam.Host = info.Endpoint
	osmh, err := osmanagementhub.NewManagedInstanceClientWithConfigurationProvider(provider)
	if err != nil {
		return rep, err
	}
	osmh.Host = info.Endpoint

	// find_all_compartments for a compartment that is not the tenancy.
	compartments := []string{info.CompartmentID}
	for i := 0; i < len(compartments); i++ {
		resp, err := iam.ListCompartments(ctx, identity.ListCompartmentsRequest{CompartmentId: &compartments[i]})
		if err != nil {
			return rep, err
		}
		for _, c := range resp.Items {
			if c.LifecycleState == identity.CompartmentLifecycleStateActive && deref(c.Name) != "ManagedCompartmentForPaaS" {
				compartments = append(compartments, deref(c.Id))
			}
		}
	}
	limit := 10
	for _, comp := range compartments {
		var page *string
		for {
			resp, err := osmh.ListManagedInstances(ctx, osmanagementhub.ListManagedInstancesRequest{
				CompartmentId: common.String(comp), Limit: &limit, Page: page,
				SortBy: osmanagementhub.ListManagedInstancesSortByTimecreated, SortOrder: osmanagementhub.ListManagedInstancesSortOrderAsc,
			})
			if err != nil {
				return rep, err
			}
			for _, mi := range resp.Items {
				if err := replayInstance(ctx, osmh, deref(mi.Id), &rep); err != nil {
					return rep, err
				}
			}
			if page = resp.OpcNextPage; page == nil {
				break
			}
		}
	}
	return rep, nil
}

// replayInstance is query_managed_instances for one instance.
func replayInstance(ctx context.Context, osmh osmanagementhub.ManagedInstanceClient, id string, rep *replayReport) error {
	rep.total++
	got, err := osmh.GetManagedInstance(ctx, osmanagementhub.GetManagedInstanceRequest{ManagedInstanceId: &id})
	if err != nil {
		return err
	}
	if got.UpdatesAvailable == nil || *got.UpdatesAvailable == 0 {
		return nil
	}
	limit, security := 10, 0
	var page *string
	for {
		resp, err := osmh.ListManagedInstanceUpdatablePackages(ctx, osmanagementhub.ListManagedInstanceUpdatablePackagesRequest{
			ManagedInstanceId: &id, Limit: &limit, Page: page,
		})
		if err != nil {
			return err
		}
		for _, p := range resp.Items {
			if strings.EqualFold(string(p.UpdateType), "SECURITY") {
				security++
			}
		}
		if page = resp.OpcNextPage; page == nil {
			break
		}
	}
	if security > 0 {
		rep.vulnerable++
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
