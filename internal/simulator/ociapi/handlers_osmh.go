package ociapi

import (
	"cmp"
	"slices"
	"strings"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"
)

func (s *Server) listManagedInstances(c *call) error {
	var compartments map[string]bool
	if id := c.param("compartmentId"); id != "" {
		// The SDK does not send compartmentIdInSubtree for this operation;
		// it is honoured for callers that build the request themselves.
		subtree, err := c.boolParam("compartmentIdInSubtree")
		if err != nil {
			return err
		}
		if subtree {
			if compartments, err = s.store.subtree(id); err != nil {
				return err
			}
		} else {
			if _, ok := s.store.Compartment(id); !ok {
				return errNotFound()
			}
			compartments = map[string]bool{id: true}
		}
	}
	statuses, err := enumParams(c, "status", osmanagementhub.GetMappingManagedInstanceStatusEnum)
	if err != nil {
		return err
	}
	families, err := enumParams(c, "osFamily", osmanagementhub.GetMappingOsFamilyEnum)
	if err != nil {
		return err
	}
	rebootFilter := c.param("isRebootRequired")
	rebootRequired, err := c.boolParam("isRebootRequired")
	if err != nil {
		return err
	}
	group, names, contains, only := c.param("group"), c.params("displayName"), c.param("displayNameContains"), c.param("managedInstanceId")
	instances := s.store.listManagedInstances(compartments, func(mi *managedInstance) bool {
		r := &mi.rec
		return (group == "" || r.GroupID == group) &&
			(len(names) == 0 || slices.Contains(names, r.DisplayName)) &&
			(contains == "" || strings.Contains(strings.ToLower(r.DisplayName), strings.ToLower(contains))) &&
			(only == "" || r.ID == only) &&
			(statuses == nil || statuses[r.Status]) &&
			(families == nil || families[r.OSFamily]) &&
			(rebootFilter == "" || r.IsRebootRequired == rebootRequired)
	})
	err = sortItems(c, instances, sortKeys[managedInstance]{
		// Instances carry no creation time; the store keeps them in the
		// order they were registered, which is the same order.
		"timeCreated": {func(_, _ managedInstance) int { return 0 }, true},
		"displayName": {func(a, b managedInstance) int { return byName(a.rec.DisplayName, b.rec.DisplayName) }, false},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, instances)
	if err != nil {
		return err
	}
	tenancy := s.store.Tenancy().ID
	items := make([]osmanagementhub.ManagedInstanceSummary, len(page))
	for i, mi := range page {
		items[i] = managedInstanceSummary(mi, tenancy)
	}
	return c.reply(osmanagementhub.ManagedInstanceCollection{Items: items})
}

func (s *Server) getManagedInstance(c *call) error {
	mi, ok := s.store.managedInstance(c.r.PathValue("managedInstanceId"))
	if !ok {
		return errNotFound()
	}
	r := mi.rec
	counts := map[string]int{}
	for _, p := range mi.packages {
		counts[p.UpdateType]++
	}
	return c.reply(osmanagementhub.ManagedInstance{
		Id:                          &r.ID,
		DisplayName:                 &r.DisplayName,
		TenancyId:                   common.String(s.store.Tenancy().ID),
		CompartmentId:               &r.CompartmentID,
		Status:                      osmanagementhub.ManagedInstanceStatusEnum(r.Status),
		Location:                    osmanagementhub.ManagedInstanceLocationOciCompute,
		TimeLastCheckin:             sdkTime(r.TimeLastCheckin),
		TimeLastBoot:                sdkTime(r.TimeLastBoot),
		OsName:                      optString(r.OSName),
		OsVersion:                   optString(r.OSVersion),
		OsKernelVersion:             optString(r.OSKernelVersion),
		Architecture:                osmanagementhub.ArchTypeEnum(r.Architecture),
		OsFamily:                    osmanagementhub.OsFamilyEnum(r.OSFamily),
		ManagedInstanceGroup:        groupRef(r),
		IsRebootRequired:            common.Bool(r.IsRebootRequired),
		UpdatesAvailable:            common.Int(len(mi.packages)),
		SecurityUpdatesAvailable:    common.Int(counts[string(osmanagementhub.ClassificationTypesSecurity)]),
		BugUpdatesAvailable:         common.Int(counts[string(osmanagementhub.ClassificationTypesBugfix)]),
		EnhancementUpdatesAvailable: common.Int(counts[string(osmanagementhub.ClassificationTypesEnhancement)]),
		OtherUpdatesAvailable:       common.Int(counts[string(osmanagementhub.ClassificationTypesOther)]),
	})
}

func (s *Server) listManagedInstanceErrata(c *call) error {
	mi, ok := s.store.managedInstance(c.r.PathValue("managedInstanceId"))
	if !ok {
		return errNotFound()
	}
	types, err := enumParams(c, "classificationType", osmanagementhub.GetMappingClassificationTypesEnum)
	if err != nil {
		return err
	}
	names, contains := c.params("name"), c.param("nameContains")
	var errata []Erratum
	for _, e := range mi.errata {
		if (types == nil || types[e.AdvisoryType]) &&
			(len(names) == 0 || slices.Contains(names, e.Name)) &&
			(contains == "" || strings.Contains(e.Name, contains)) {
			errata = append(errata, e)
		}
	}
	err = sortItems(c, errata, sortKeys[Erratum]{
		"timeIssued": {func(a, b Erratum) int { return byTime(a.TimeIssued, b.TimeIssued) }, true},
		"name":       {func(a, b Erratum) int { return byName(a.Name, b.Name) }, false},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, errata)
	if err != nil {
		return err
	}
	items := make([]osmanagementhub.ManagedInstanceErratumSummary, len(page))
	for i, e := range page {
		items[i] = osmanagementhub.ManagedInstanceErratumSummary{
			Name:         &e.Name,
			AdvisoryType: osmanagementhub.ClassificationTypesEnum(e.AdvisoryType),
			Packages:     packageNames(e.Packages),
			TimeIssued:   sdkTime(e.TimeIssued),
			Synopsis:     optString(e.Synopsis),
			RelatedCves:  orEmpty(e.RelatedCVEs),
		}
	}
	return c.reply(osmanagementhub.ManagedInstanceErratumSummaryCollection{Items: items})
}

func (s *Server) listUpdatablePackages(c *call) error {
	mi, ok := s.store.managedInstance(c.r.PathValue("managedInstanceId"))
	if !ok {
		return errNotFound()
	}
	types, err := enumParams(c, "classificationType", osmanagementhub.GetMappingClassificationTypesEnum)
	if err != nil {
		return err
	}
	severities, err := enumParams(c, "advisorySeverity", osmanagementhub.GetMappingAdvisorySeverityEnum)
	if err != nil {
		return err
	}
	names, contains, advisories := c.params("displayName"), c.param("displayNameContains"), c.params("advisoryName")
	var packages []UpdatablePackage
	for _, p := range mi.packages {
		display := cmp.Or(p.DisplayName, p.Name)
		if (types == nil || types[p.UpdateType]) &&
			(severities == nil || severities[p.AdvisorySeverity]) &&
			(len(names) == 0 || slices.Contains(names, display)) &&
			(contains == "" || strings.Contains(display, contains)) &&
			(len(advisories) == 0 || slices.ContainsFunc(p.Errata, func(e string) bool { return slices.Contains(advisories, e) })) {
			packages = append(packages, p)
		}
	}
	err = sortItems(c, packages, sortKeys[UpdatablePackage]{
		"timeCreated": {func(_, _ UpdatablePackage) int { return 0 }, true},
		"displayName": {func(a, b UpdatablePackage) int {
			return byName(cmp.Or(a.DisplayName, a.Name), cmp.Or(b.DisplayName, b.Name))
		}, false},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, packages)
	if err != nil {
		return err
	}
	items := make([]osmanagementhub.UpdatablePackageSummary, len(page))
	for i, p := range page {
		items[i] = osmanagementhub.UpdatablePackageSummary{
			DisplayName:      common.String(cmp.Or(p.DisplayName, p.Name)),
			Name:             &p.Name,
			Type:             common.String("rpm"),
			Version:          &p.Version,
			SoftwareSources:  []osmanagementhub.SoftwareSourceDetails{},
			InstalledVersion: optString(p.InstalledVersion),
			Errata:           orEmpty(p.Errata),
			RelatedCves:      orEmpty(p.RelatedCVEs),
			Architecture:     osmanagementhub.ArchTypeEnum(cmp.Or(p.Architecture, string(osmanagementhub.ArchTypeX8664))),
			UpdateType:       osmanagementhub.ClassificationTypesEnum(p.UpdateType),
			AdvisorySeverity: osmanagementhub.AdvisorySeverityEnum(p.AdvisorySeverity),
		}
	}
	return c.reply(osmanagementhub.UpdatablePackageCollection{Items: items})
}

func managedInstanceSummary(mi managedInstance, tenancyID string) osmanagementhub.ManagedInstanceSummary {
	r := mi.rec
	return osmanagementhub.ManagedInstanceSummary{
		Id:                   &r.ID,
		DisplayName:          &r.DisplayName,
		TenancyId:            &tenancyID,
		CompartmentId:        &r.CompartmentID,
		Status:               osmanagementhub.ManagedInstanceStatusEnum(r.Status),
		Location:             osmanagementhub.ManagedInstanceLocationOciCompute,
		Architecture:         osmanagementhub.ArchTypeEnum(r.Architecture),
		OsFamily:             osmanagementhub.OsFamilyEnum(r.OSFamily),
		ManagedInstanceGroup: groupRef(r),
		IsRebootRequired:     common.Bool(r.IsRebootRequired),
		UpdatesAvailable:     common.Int(len(mi.packages)),
		TimeLastBoot:         sdkTime(r.TimeLastBoot),
	}
}

func groupRef(r ManagedInstance) *osmanagementhub.Id {
	if r.GroupID == "" {
		return nil
	}
	return &osmanagementhub.Id{Id: &r.GroupID, DisplayName: optString(r.GroupName)}
}

// packageNames turns full package names (name-version-release.arch) into
// the SDK's package references.
func packageNames(full []string) []osmanagementhub.PackageNameSummary {
	out := make([]osmanagementhub.PackageNameSummary, len(full))
	for i, name := range full {
		out[i] = osmanagementhub.PackageNameSummary{DisplayName: common.String(name), Name: common.String(name), Type: common.String("rpm")}
	}
	return out
}
