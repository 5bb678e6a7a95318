package oci

import "github.com/oracle/oci-go-sdk/v65/common"

// retryPolicy turns RetrySettings into an SDK policy. The SDK decides what
// is retryable (429, 5xx except 501, network errors) and waits between
// attempts; only the attempt count and the wait are tuned here.
func retryPolicy(s RetrySettings) common.RetryPolicy {
	if s.MaxAttempts == 0 && s.FixedBackoff == 0 {
		return common.DefaultRetryPolicy()
	}
	// Start from the policy without eventual consistency: the SDK's default
	// keeps a copy of itself for ordinary calls, taken before any option
	// here applies, so tuning it would silently change nothing. Reads do not
	// need the eventual-consistency mode anyway (it follows writes).
	opts := []common.RetryPolicyOption{
		common.ReplaceWithValuesFromRetryPolicy(common.DefaultRetryPolicyWithoutEventualConsistency()),
	}
	if s.MaxAttempts > 0 {
		opts = append(opts, common.WithMaximumNumberAttempts(s.MaxAttempts))
	}
	if s.FixedBackoff > 0 {
		opts = append(opts, common.WithFixedBackoff(s.FixedBackoff))
	}
	return common.NewRetryPolicyWithOptions(opts...)
}
