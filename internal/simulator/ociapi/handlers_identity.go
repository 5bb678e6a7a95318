package ociapi

import (
	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/identity"
)

func (s *Server) listCompartments(c *call) error {
	parentID, err := c.requiredParam("compartmentId")
	if err != nil {
		return err
	}
	subtree, err := c.boolParam("compartmentIdInSubtree")
	if err != nil {
		return err
	}
	if subtree && parentID != s.store.Tenancy().ID {
		return errInvalidParameter("compartmentIdInSubtree can only be true when compartmentId is the tenancy (root compartment) OCID.")
	}
	// Every compartment is accessible to the simulator's users, so ANY and
	// ACCESSIBLE list the same; the value is still checked.
	if _, err := enumParam(c, "accessLevel", identity.GetMappingListCompartmentsAccessLevelEnum); err != nil {
		return err
	}
	state, err := enumParam(c, "lifecycleState", identity.GetMappingCompartmentLifecycleStateEnum)
	if err != nil {
		return err
	}
	all, err := s.store.compartmentsUnder(parentID, subtree)
	if err != nil {
		return err
	}
	name := c.param("name")
	var kept []Compartment
	for _, comp := range all {
		if (state == "" || comp.LifecycleState == state) && (name == "" || comp.Name == name) {
			kept = append(kept, comp)
		}
	}
	err = sortItems(c, kept, sortKeys[Compartment]{
		"TIMECREATED": {func(a, b Compartment) int { return byTime(a.TimeCreated, b.TimeCreated) }, true},
		"NAME":        {func(a, b Compartment) int { return byName(a.Name, b.Name) }, false},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, kept)
	if err != nil {
		return err
	}
	out := make([]identity.Compartment, len(page))
	for i, comp := range page {
		out[i] = compartmentModel(comp)
	}
	return c.reply(out)
}

func (s *Server) getCompartment(c *call) error {
	comp, ok := s.store.Compartment(c.r.PathValue("compartmentId"))
	if !ok {
		return errNotFound()
	}
	return c.reply(compartmentModel(comp))
}

func (s *Server) getTenancy(c *call) error {
	t := s.store.Tenancy()
	if c.r.PathValue("tenancyId") != t.ID {
		return errNotFound()
	}
	return c.reply(identity.Tenancy{
		Id:            &t.ID,
		Name:          &t.Name,
		HomeRegionKey: &t.HomeRegionKey,
	})
}

func compartmentModel(c Compartment) identity.Compartment {
	return identity.Compartment{
		Id:             &c.ID,
		CompartmentId:  &c.ParentID,
		Name:           &c.Name,
		Description:    &c.Description,
		TimeCreated:    sdkTime(c.TimeCreated),
		LifecycleState: identity.CompartmentLifecycleStateEnum(c.LifecycleState),
		IsAccessible:   common.Bool(true),
	}
}
