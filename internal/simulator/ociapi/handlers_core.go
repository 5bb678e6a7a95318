package ociapi

import (
	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"
)

func (s *Server) getVnic(c *call) error {
	v, ok := s.store.VNIC(c.r.PathValue("vnicId"))
	if !ok {
		return errNotFound()
	}
	return c.reply(core.Vnic{
		Id:             &v.ID,
		CompartmentId:  &v.CompartmentID,
		DisplayName:    optString(v.DisplayName),
		HostnameLabel:  optString(v.HostnameLabel),
		PrivateIp:      optString(v.PrivateIP),
		SubnetId:       optString(v.SubnetID),
		IsPrimary:      common.Bool(v.IsPrimary),
		LifecycleState: core.VnicLifecycleStateAvailable,
		TimeCreated:    sdkTime(v.TimeCreated),
	})
}
