package ociapi

import (
	"encoding/base64"
	"strconv"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/secrets"
)

func (s *Server) getSecretBundle(c *call) error {
	id := c.r.PathValue("secretId")
	// A missing policy and a missing secret look the same to the caller.
	if s.secretForbidden(id) {
		return errNotFound()
	}
	stage, err := enumParam(c, "stage", secrets.GetMappingGetSecretBundleStageEnum)
	if err != nil {
		return err
	}
	if c.param("secretVersionName") != "" {
		return errNotFound() // the simulator does not name versions
	}
	var number int64 // 0 is the current version
	switch stage {
	case "", string(secrets.GetSecretBundleStageCurrent), string(secrets.GetSecretBundleStageLatest):
	case string(secrets.GetSecretBundleStagePrevious):
		number = -1
	default:
		return errNotFound() // no pending or deprecated versions are modelled
	}
	if v := c.param("versionNumber"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			return errInvalidParameter("Invalid versionNumber: " + strconv.Quote(v) + ".")
		}
		number = n
	}
	version, current, ok := s.store.secretVersion(id, number)
	if !ok {
		return errNotFound()
	}
	stages := []secrets.SecretBundleStagesEnum{secrets.SecretBundleStagesDeprecated}
	switch version.number {
	case current:
		stages = []secrets.SecretBundleStagesEnum{secrets.SecretBundleStagesCurrent, secrets.SecretBundleStagesLatest}
	case current - 1:
		stages = []secrets.SecretBundleStagesEnum{secrets.SecretBundleStagesPrevious}
	}
	c.w.Header().Set("etag", strconv.FormatInt(version.number, 10))
	return c.reply(secrets.SecretBundle{
		SecretId:      &id,
		VersionNumber: common.Int64(version.number),
		TimeCreated:   sdkTime(version.created),
		SecretBundleContent: secrets.Base64SecretBundleContentDetails{
			Content: common.String(base64.StdEncoding.EncodeToString(version.content)),
		},
		Stages: stages,
	})
}
