package node

import (
	"strconv"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"
)

// Storage is how a DB system manages its database storage.
type Storage string

// The two storage managements of Base Database Service.
const (
	// StorageASM runs Grid Infrastructure: CRS, an ASM instance, srvctl.
	StorageASM Storage = "ASM"
	// StorageLVM runs the database on LVM volumes without Clusterware.
	StorageLVM Storage = "LVM"
)

// Paths of a Base Database Service image.
const (
	GridHome      = "/u01/app/19.0.0.0/grid"
	OracleHome    = "/u01/app/oracle/product/19.0.0.0/dbhome_1"
	DbcliPath     = "/opt/oracle/dcs/bin/dbcli"
	JobLogDir     = "/opt/oracle/dcs/log/jobs"
	BootIDPath    = "/proc/sys/kernel/random/boot_id"
	OLRLocPath    = "/etc/oracle/olr.loc"
	OSReleasePath = "/etc/os-release"
)

// Defaults of [Config].
const (
	DefaultKernel            = "5.15.0-206.153.7.1.el8uek.x86_64"
	DefaultUpdateKernel      = "5.15.0-307.178.5.el8uek.x86_64"
	DefaultJobDuration       = 30 * time.Second
	DefaultPrecheckDuration  = 3 * time.Second
	DefaultRebootDuration    = 10 * time.Second
	DefaultStackStopDuration = 3 * time.Second
	DefaultU01FreeBytes      = 40 << 30
	// LowDiskFreeBytes is what /u01 has left under the LowDisk fault: less
	// than the 15 GB Oracle asks for before an OS update.
	LowDiskFreeBytes = 5 << 30
	// u01SizeBytes is the size of the /u01 volume.
	u01SizeBytes = 200 << 30
	// rebootGrace is how long a node keeps answering after a reboot command,
	// as systemd takes a moment to stop services before the power goes.
	rebootGrace = time.Second
)

// Config describes one node. The zero value of every field means its default.
type Config struct {
	Hostname string
	// Index is the node's 1-based position in its DB system; it names the
	// ASM instance (+ASM1, +ASM2).
	Index   int
	Storage Storage
	// SID is the database instance name on this node, e.g. "ORCL1".
	SID string
	// DBUniqueName is the database's DB_UNIQUE_NAME, e.g. "ORCL_fra1xz".
	DBUniqueName string
	// Kernel is the kernel the node runs at first boot.
	Kernel string
	// UpdateKernel is the kernel a successful OS update stages.
	UpdateKernel      string
	JobDuration       time.Duration
	PrecheckDuration  time.Duration
	RebootDuration    time.Duration
	StackStopDuration time.Duration
	// U01FreeBytes is the free space of /u01 (before the LowDisk fault).
	U01FreeBytes int64
	// Advisories are the errata the node lacks; nil means a small default
	// set, an empty non-nil slice means none.
	Advisories []Advisory
	// Faults are the fault knobs the node starts with.
	Faults Faults
	// Clock measures every duration; nil means the real clock.
	Clock clockwork.Clock
}

func (c Config) withDefaults() Config {
	if c.Hostname == "" {
		c.Hostname = "dbnode1"
	}
	if c.Index < 1 {
		c.Index = 1
	}
	if c.Storage == "" {
		c.Storage = StorageASM
	}
	c.Storage = Storage(strings.ToUpper(string(c.Storage)))
	if c.SID == "" {
		c.SID = "ORCL" + strconv.Itoa(c.Index)
	}
	if c.DBUniqueName == "" {
		c.DBUniqueName = "ORCL_site1"
	}
	if c.Kernel == "" {
		c.Kernel = DefaultKernel
	}
	if c.UpdateKernel == "" {
		c.UpdateKernel = DefaultUpdateKernel
	}
	setDuration(&c.JobDuration, DefaultJobDuration)
	setDuration(&c.PrecheckDuration, DefaultPrecheckDuration)
	setDuration(&c.RebootDuration, DefaultRebootDuration)
	setDuration(&c.StackStopDuration, DefaultStackStopDuration)
	if c.U01FreeBytes <= 0 {
		c.U01FreeBytes = DefaultU01FreeBytes
	}
	if c.Advisories == nil {
		c.Advisories = DefaultAdvisories(c.UpdateKernel)
	}
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	return c
}

func setDuration(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// alertLogPath is where the database instance writes its alert log.
func (c Config) alertLogPath() string {
	return "/u01/app/oracle/diag/rdbms/" + strings.ToLower(c.DBUniqueName) + "/" + c.SID + "/trace/alert_" + c.SID + ".log"
}
