package dbnode

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ServiceState is the state crsctl reports for one Clusterware service.
type ServiceState string

// Service states. Unknown means crsctl did not mention the service.
const (
	ServiceUnknown ServiceState = ""
	ServiceOnline  ServiceState = "online"
	ServiceOffline ServiceState = "offline"
)

// CRSStatus is what `crsctl check crs` reports for the four services of
// the Clusterware stack.
type CRSStatus struct {
	OHAS ServiceState // Oracle High Availability Services
	CRS  ServiceState // Cluster Ready Services
	CSS  ServiceState // Cluster Synchronization Services
	EVM  ServiceState // Event Manager
}

// Online reports whether every service is online.
func (s CRSStatus) Online() bool {
	return s.OHAS == ServiceOnline && s.CRS == ServiceOnline && s.CSS == ServiceOnline && s.EVM == ServiceOnline
}

// Down reports whether the stack is stopped: OHAS cannot be contacted, or
// no service is online.
func (s CRSStatus) Down() bool {
	return s.OHAS == ServiceOffline ||
		(s.OHAS != ServiceOnline && s.CRS != ServiceOnline && s.CSS != ServiceOnline && s.EVM != ServiceOnline)
}

func (s CRSStatus) String() string {
	show := func(st ServiceState) string {
		if st == ServiceUnknown {
			return "unknown"
		}
		return string(st)
	}
	return fmt.Sprintf("OHAS %s, CRS %s, CSS %s, EVM %s", show(s.OHAS), show(s.CRS), show(s.CSS), show(s.EVM))
}

var crsMessage = regexp.MustCompile(`^CRS-(\d{4})\s*:\s*(.*)$`)

// crsCheckCodes maps the messages of `crsctl check crs` to the service and
// state they report.
var crsCheckCodes = map[string]struct {
	service func(*CRSStatus) *ServiceState
	state   ServiceState
}{
	"4638": {func(s *CRSStatus) *ServiceState { return &s.OHAS }, ServiceOnline},
	"4639": {func(s *CRSStatus) *ServiceState { return &s.OHAS }, ServiceOffline},
	"4537": {func(s *CRSStatus) *ServiceState { return &s.CRS }, ServiceOnline},
	"4535": {func(s *CRSStatus) *ServiceState { return &s.CRS }, ServiceOffline},
	"4529": {func(s *CRSStatus) *ServiceState { return &s.CSS }, ServiceOnline},
	"4530": {func(s *CRSStatus) *ServiceState { return &s.CSS }, ServiceOffline},
	"4533": {func(s *CRSStatus) *ServiceState { return &s.EVM }, ServiceOnline},
	"4534": {func(s *CRSStatus) *ServiceState { return &s.EVM }, ServiceOffline},
}

// ParseCRSCheck reads `crsctl check crs`. When OHAS cannot be contacted
// crsctl says nothing of the other services: they are reported offline,
// since nothing of the stack can run without OHAS.
func ParseCRSCheck(out string) (CRSStatus, error) {
	var s CRSStatus
	recognised := false
	for _, l := range payloadLines(out) {
		m := crsMessage.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		if c, ok := crsCheckCodes[m[1]]; ok {
			*c.service(&s) = c.state
			recognised = true
		}
	}
	if !recognised {
		return CRSStatus{}, outputError("crsctl check crs output", out, "it reports the state of no Clusterware service")
	}
	if s.OHAS == ServiceOffline {
		for _, st := range []*ServiceState{&s.CRS, &s.CSS, &s.EVM} {
			if *st == ServiceUnknown {
				*st = ServiceOffline
			}
		}
	}
	return s, nil
}

// Errors for a crsctl stop or start that found the stack already in the
// wanted state. crsctl calls that a failure; the workflow need not.
var (
	ErrCRSAlreadyStopped = errors.New("the Clusterware stack was already stopped")
	ErrCRSAlreadyRunning = errors.New("the Clusterware stack was already running")
)

// CRSCommandError is a `crsctl stop crs` or `crsctl start crs` that failed.
type CRSCommandError struct {
	// Op is "stop" or "start".
	Op string
	// Lines are the CRS messages that say what failed.
	Lines []string
}

func (e *CRSCommandError) Error() string {
	return fmt.Sprintf("crsctl %s crs failed: %s", e.Op, strings.Join(e.Lines, "; "))
}

// crsFailureCodes are messages that mean a stop or start went wrong:
// CRS-4687 shutdown completed with errors, CRS-4000 command failed,
// CRS-2675 a resource failed to stop, CRS-2674 to start, CRS-2799/2795
// shutdown of resources failed, CRS-4563 insufficient privileges, CRS-4124
// OHAS startup failed.
var crsFailureCodes = map[string]bool{
	"4687": true, "4000": true, "2675": true, "2674": true, "2799": true, "2795": true, "4563": true, "4124": true,
}

// ParseCRSStop reads `crsctl stop crs`: nil when CRS-4133 says OHAS has
// been stopped.
func ParseCRSStop(out string) error {
	return parseCRSCommand(out, "stop", "4133", "4639", ErrCRSAlreadyStopped)
}

// ParseCRSStart reads `crsctl start crs`: nil when CRS-4123 says OHAS has
// been started.
func ParseCRSStart(out string) error {
	return parseCRSCommand(out, "start", "4123", "4640", ErrCRSAlreadyRunning)
}

func parseCRSCommand(out, op, success, already string, errAlready error) error {
	var failures []string
	succeeded, wasAlready := false, false
	for _, l := range payloadLines(out) {
		l = strings.TrimSpace(l)
		m := crsMessage.FindStringSubmatch(l)
		switch {
		case m == nil:
		case m[1] == success:
			succeeded = true
		case m[1] == already:
			wasAlready = true
		case crsFailureCodes[m[1]]:
			failures = append(failures, l)
		}
	}
	onlyGeneric := len(failures) == 0 || (len(failures) == 1 && strings.HasPrefix(failures[0], "CRS-4000"))
	switch {
	case wasAlready && onlyGeneric:
		return errAlready
	case len(failures) > 0:
		return &CRSCommandError{Op: op, Lines: failures}
	case succeeded:
		return nil
	}
	return outputError(fmt.Sprintf("crsctl %s crs output", op), out, "it has neither the success message CRS-%s nor a failure", success)
}
