package oci

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"
	"golang.org/x/sync/errgroup"
)

// ManagedInstanceQuery selects OS Management Hub managed instances. At
// least one of CompartmentID and GroupID is needed.
type ManagedInstanceQuery struct {
	// CompartmentID is where to look; with IncludeSubtree, also every
	// compartment below it.
	CompartmentID  string
	IncludeSubtree bool
	// GroupID keeps only the members of one managed instance group.
	GroupID string
	// DisplayName keeps only instances with exactly this name.
	DisplayName string
	// PageSize is the number of items asked per page; zero lets the
	// service choose.
	PageSize int
}

// ManagedInstance is an instance registered with OS Management Hub.
type ManagedInstance struct {
	ID             string
	DisplayName    string
	CompartmentID  string
	Status         string
	OSFamily       string
	GroupID        string
	GroupName      string
	RebootRequired bool
	// UpdatesAvailable counts every kind of update, not only security.
	UpdatesAvailable int
	LastBoot         time.Time
}

// Erratum is an advisory that applies to a managed instance and is not yet
// installed.
type Erratum struct {
	Name           string
	Synopsis       string
	Classification string
	CVEs           []string
	// Severity is Critical, Important, Moderate or Low (dnf's spelling),
	// or empty when OS Management Hub reports none. The per-instance errata
	// listing does not carry it; it is read from the instance's updatable
	// packages, see SecurityErrata.
	Severity string
	Issued   time.Time
	// Packages are the full names of the packages that fix it.
	Packages []string
}

// InstanceErrata pairs a managed instance with its missing security errata.
type InstanceErrata struct {
	Instance ManagedInstance
	Errata   []Erratum
}

// Validate checks the query before any call is made.
func (q ManagedInstanceQuery) Validate() error {
	var problems []error
	if q.CompartmentID == "" && q.GroupID == "" {
		problems = append(problems, errors.New("set compartment_id, managed_instance_group_id, or both, to choose which managed instances to report on"))
	}
	if q.CompartmentID != "" {
		if err := checkOCID("compartment_id", q.CompartmentID, prefixCompartment, prefixTenancy); err != nil {
			problems = append(problems, err)
		}
	}
	if q.IncludeSubtree && q.CompartmentID == "" {
		problems = append(problems, errors.New("include_subtree needs compartment_id: it searches the compartments below that one"))
	}
	if q.GroupID != "" {
		if err := checkOCID("managed_instance_group_id", q.GroupID, prefixAnyOCID); err != nil {
			problems = append(problems, err)
		}
	}
	if q.PageSize < 0 || q.PageSize > 1000 {
		problems = append(problems, fmt.Errorf("page size must be between 1 and 1000 (0 for the service default), got %d", q.PageSize))
	}
	return errors.Join(problems...)
}

// ManagedInstances lists the managed instances q selects, sorted by display
// name then OCID. The listing API has no subtree option, so with
// IncludeSubtree each compartment of the tree is listed, concurrently.
func (c *Client) ManagedInstances(ctx context.Context, q ManagedInstanceQuery) ([]ManagedInstance, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	cl, err := c.osmhClient()
	if err != nil {
		return nil, err
	}
	compartments := []string{q.CompartmentID}
	if q.IncludeSubtree {
		tree, err := c.compartmentTree(ctx, q.CompartmentID)
		if err != nil {
			return nil, fmt.Errorf("list managed instances: %w", err)
		}
		compartments = compartments[:0]
		for _, comp := range tree {
			compartments = append(compartments, comp.ID)
		}
	}
	var (
		mu  sync.Mutex
		all []ManagedInstance
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxConcurrency)
	for _, comp := range compartments {
		g.Go(func() error {
			found, err := listManagedInstances(gctx, cl, q, comp)
			if err != nil {
				return err
			}
			mu.Lock()
			all = append(all, found...)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	slices.SortFunc(all, func(a, b ManagedInstance) int {
		return cmp.Or(cmp.Compare(a.DisplayName, b.DisplayName), cmp.Compare(a.ID, b.ID))
	})
	return all, nil
}

// listManagedInstances lists one compartment; an empty compartmentID lists
// the group's members wherever they are.
func listManagedInstances(ctx context.Context, cl *osmanagementhub.ManagedInstanceClient, q ManagedInstanceQuery, compartmentID string) ([]ManagedInstance, error) {
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]osmanagementhub.ManagedInstanceSummary, *string, error) {
		req := osmanagementhub.ListManagedInstancesRequest{
			CompartmentId: optional(compartmentID),
			Group:         optional(q.GroupID),
			Limit:         optional(q.PageSize),
			Page:          page,
		}
		if q.DisplayName != "" {
			req.DisplayName = []string{q.DisplayName}
		}
		resp, err := cl.ListManagedInstances(ctx, req)
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		where := "managed instance group " + q.GroupID
		if compartmentID != "" {
			where = "compartment " + compartmentID
		}
		return nil, serviceError(err, "list OS Management Hub managed instances in "+where, policyOSMH)
	}
	out := make([]ManagedInstance, 0, len(items))
	for _, it := range items {
		mi := ManagedInstance{
			ID:               deref(it.Id),
			DisplayName:      deref(it.DisplayName),
			CompartmentID:    deref(it.CompartmentId),
			Status:           string(it.Status),
			OSFamily:         string(it.OsFamily),
			RebootRequired:   deref(it.IsRebootRequired),
			UpdatesAvailable: deref(it.UpdatesAvailable),
		}
		if it.ManagedInstanceGroup != nil {
			mi.GroupID = deref(it.ManagedInstanceGroup.Id)
			mi.GroupName = deref(it.ManagedInstanceGroup.DisplayName)
		}
		if it.TimeLastBoot != nil {
			mi.LastBoot = it.TimeLastBoot.Time
		}
		out = append(out, mi)
	}
	return out, nil
}

// SecurityErrata lists the security errata missing on one managed instance,
// newest first, then by name, each with its severity.
//
// ListManagedInstanceErrata does not say how severe an erratum is. The
// severity is taken from ListManagedInstanceUpdatablePackages, which tags
// every updatable package with the severity of its advisory and names the
// errata that fix it: one more paged call per instance, on the same client
// and under the same IAM policy. The alternative, GetErratum per erratum,
// needs a call per advisory and the software-source client.
func (c *Client) SecurityErrata(ctx context.Context, instanceID string, pageSize int) ([]Erratum, error) {
	cl, err := c.osmhClient()
	if err != nil {
		return nil, err
	}
	// The errata and their severities are two listings; both are read at
	// once, which halves what each instance costs in latency.
	var (
		items      []osmanagementhub.ManagedInstanceErratumSummary
		severities map[string]string
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		items, err = listAll(gctx, func(ctx context.Context, page *string) ([]osmanagementhub.ManagedInstanceErratumSummary, *string, error) {
			resp, err := cl.ListManagedInstanceErrata(ctx, osmanagementhub.ListManagedInstanceErrataRequest{
				ManagedInstanceId:  &instanceID,
				ClassificationType: []osmanagementhub.ClassificationTypesEnum{osmanagementhub.ClassificationTypesSecurity},
				Limit:              optional(pageSize),
				Page:               page,
			})
			return resp.Items, resp.OpcNextPage, err
		})
		if err != nil {
			return serviceError(err, fmt.Sprintf("list the security errata of managed instance %s", instanceID), policyOSMH)
		}
		return nil
	})
	g.Go(func() error {
		var err error
		severities, err = erratumSeverities(gctx, cl, instanceID, pageSize)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	out := make([]Erratum, 0, len(items))
	for _, it := range items {
		// The filter is in the request; checking again keeps a bug-fix
		// advisory out of a security report whatever the service does.
		if it.AdvisoryType != osmanagementhub.ClassificationTypesSecurity {
			continue
		}
		e := Erratum{
			Name:           deref(it.Name),
			Synopsis:       deref(it.Synopsis),
			Classification: string(it.AdvisoryType),
			CVEs:           slices.Clone(it.RelatedCves),
			Severity:       severities[deref(it.Name)],
		}
		if it.TimeIssued != nil {
			e.Issued = it.TimeIssued.Time
		}
		for _, p := range it.Packages {
			e.Packages = append(e.Packages, deref(p.DisplayName))
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b Erratum) int {
		return cmp.Or(b.Issued.Compare(a.Issued), cmp.Compare(a.Name, b.Name))
	})
	return out, nil
}

// erratumSeverities maps each security erratum named by the instance's
// updatable packages to its severity.
func erratumSeverities(ctx context.Context, cl *osmanagementhub.ManagedInstanceClient, instanceID string, pageSize int) (map[string]string, error) {
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]osmanagementhub.UpdatablePackageSummary, *string, error) {
		resp, err := cl.ListManagedInstanceUpdatablePackages(ctx, osmanagementhub.ListManagedInstanceUpdatablePackagesRequest{
			ManagedInstanceId:  &instanceID,
			ClassificationType: []osmanagementhub.ClassificationTypesEnum{osmanagementhub.ClassificationTypesSecurity},
			Limit:              optional(pageSize),
			Page:               page,
		})
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		return nil, serviceError(err, fmt.Sprintf("list the updatable security packages of managed instance %s", instanceID), policyOSMH)
	}
	// A package that only one erratum updates carries that erratum's
	// severity exactly; one shared by several carries a single value for
	// all of them, so it is used only for errata no exclusive package
	// describes, and then the highest value wins: overstating a severity
	// is the safer error in a compliance report.
	out := map[string]string{}
	shared := map[string]string{}
	for _, p := range items {
		sev := severityName(p.AdvisorySeverity)
		into := out
		if len(p.Errata) > 1 {
			into = shared
		}
		for _, name := range p.Errata {
			if severityRank(sev) > severityRank(into[name]) {
				into[name] = sev
			}
		}
	}
	for name, sev := range shared {
		if _, ok := out[name]; !ok {
			out[name] = sev
		}
	}
	return out, nil
}

// severityName spells an OS Management Hub severity as dnf does, so that
// both sources of a compliance report compare alike.
func severityName(s osmanagementhub.AdvisorySeverityEnum) string {
	switch s {
	case osmanagementhub.AdvisorySeverityCritical:
		return "Critical"
	case osmanagementhub.AdvisorySeverityImportant:
		return "Important"
	case osmanagementhub.AdvisorySeverityModerate:
		return "Moderate"
	case osmanagementhub.AdvisorySeverityLow:
		return "Low"
	}
	return ""
}

func severityRank(s string) int {
	return map[string]int{"Low": 1, "Moderate": 2, "Important": 3, "Critical": 4}[s]
}

// SecurityErrataFor lists the missing security errata of every instance,
// several instances at a time (Config.MaxConcurrency): the service is asked
// once per instance, and a fleet of hundreds should not take minutes. The
// result keeps the order of instances.
func (c *Client) SecurityErrataFor(ctx context.Context, instances []ManagedInstance, pageSize int) ([]InstanceErrata, error) {
	out := make([]InstanceErrata, len(instances))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxConcurrency)
	for i, mi := range instances {
		g.Go(func() error {
			errata, err := c.SecurityErrata(gctx, mi.ID, pageSize)
			if err != nil {
				return fmt.Errorf("managed instance %s (%s): %w", mi.DisplayName, mi.ID, err)
			}
			out[i] = InstanceErrata{Instance: mi, Errata: errata}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// optional turns a zero value into an absent query parameter.
func optional[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}
