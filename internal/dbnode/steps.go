package dbnode

// Step names one command the patch workflow sends to a node. Its string is
// the name of the setting that overrides the step's command.
type Step string

// The steps, in roughly the order the workflow reaches them.
const (
	StepKernel           Step = "kernel"
	StepBootID           Step = "boot_id"
	StepOSRelease        Step = "os_release"
	StepHostname         Step = "hostname"
	StepAgentStatus      Step = "agent_status"
	StepAgentRestart     Step = "agent_restart"
	StepGridHome         Step = "grid_home"
	StepCRSCheck         Step = "crs_check"
	StepCRSStop          Step = "crs_stop"
	StepCRSStart         Step = "crs_start"
	StepProcesses        Step = "processes"
	StepDiagDir          Step = "diag_dir"
	StepAlertLog         Step = "alert_log"
	StepDatabaseStop     Step = "database_stop"
	StepDatabaseStart    Step = "database_start"
	StepFreeSpace        Step = "free_space"
	StepOSPrecheck       Step = "os_precheck"
	StepOSUpdate         Step = "os_update"
	StepDescribeJob      Step = "describe_job"
	StepListJobs         Step = "list_jobs"
	StepAvailablePatches Step = "available_patches"
	StepReboot           Step = "reboot"
	StepSecurityCVEs     Step = "security_cves"
	StepSecurityUpdates  Step = "security_advisories"
	StepCheckUpdate      Step = "check_update"
)

// dbcli is where the DCS agent's command-line client lives on every DB node.
const dbcli = "/opt/oracle/dcs/bin/dbcli"

// stepDefault is a step's command on Base Database Service and what its
// template may refer to.
type stepDefault struct {
	step         Step
	line         string
	runAs        string
	placeholders []Placeholder
}

// defaults pins every step's command. dnf runs as root so that it reads the
// system's metadata cache instead of downloading a private one.
var defaults = []stepDefault{
	{StepKernel, "uname -r", LoginUser, nil},
	{StepBootID, "cat /proc/sys/kernel/random/boot_id", LoginUser, nil},
	{StepOSRelease, "cat /etc/os-release", LoginUser, nil},
	{StepHostname, "hostname", LoginUser, nil},
	{StepAgentStatus, "systemctl is-active initdcsagent", LoginUser, nil},
	{StepAgentRestart, "systemctl restart initdcsagent", Root, nil},
	{StepGridHome, "cat /etc/oracle/olr.loc", Root, nil},
	{StepCRSCheck, "{grid_home}/bin/crsctl check crs", Root, []Placeholder{PlaceholderGridHome}},
	{StepCRSStop, "{grid_home}/bin/crsctl stop crs", Root, []Placeholder{PlaceholderGridHome}},
	{StepCRSStart, "{grid_home}/bin/crsctl start crs", Root, []Placeholder{PlaceholderGridHome}},
	{StepProcesses, "ps -eo user,pid,args", LoginUser, nil},
	{StepDiagDir, "ls -d /u01/app/oracle/diag/rdbms/*/{sid}", Oracle, []Placeholder{PlaceholderSID}},
	{
		StepAlertLog,
		"tail -n 400 /u01/app/oracle/diag/rdbms/{db_unique_name_lower}/{sid}/trace/alert_{sid}.log", Oracle,
		[]Placeholder{PlaceholderSID, PlaceholderDBUniqueName, PlaceholderDBUniqueNameLower},
	},
	{
		StepDatabaseStop, "{oracle_home}/bin/srvctl stop database -d {db_unique_name}", Oracle,
		[]Placeholder{PlaceholderOracleHome, PlaceholderDBUniqueName, PlaceholderSID},
	},
	{
		StepDatabaseStart, "{oracle_home}/bin/srvctl start database -d {db_unique_name}", Oracle,
		[]Placeholder{PlaceholderOracleHome, PlaceholderDBUniqueName, PlaceholderSID},
	},
	{StepFreeSpace, "df -P {path}", LoginUser, []Placeholder{PlaceholderPath}},
	{StepOSPrecheck, dbcli + " update-server -c os -p", Root, nil},
	{StepOSUpdate, dbcli + " update-server -c os", Root, nil},
	{StepDescribeJob, dbcli + " describe-job -i {job_id} -j", Root, []Placeholder{PlaceholderJobID}},
	{StepListJobs, dbcli + " list-jobs -j", Root, nil},
	{StepAvailablePatches, dbcli + " get-availableospatches -j", Root, nil},
	{StepReboot, "systemctl reboot", Root, nil},
	{StepSecurityCVEs, "dnf -q updateinfo list --security --with-cve", Root, nil},
	{StepSecurityUpdates, "dnf -q updateinfo list --security", Root, nil},
	{StepCheckUpdate, "dnf -q check-update", Root, nil},
}

// Steps lists every step, in workflow order.
func Steps() []Step {
	out := make([]Step, len(defaults))
	for i, d := range defaults {
		out[i] = d.step
	}
	return out
}

func lookupDefault(s Step) (stepDefault, bool) {
	for _, d := range defaults {
		if d.step == s {
			return d, true
		}
	}
	return stepDefault{}, false
}

// Placeholders lists the placeholders the step's template may use.
func (s Step) Placeholders() []Placeholder {
	d, _ := lookupDefault(s)
	return append([]Placeholder(nil), d.placeholders...)
}

// DefaultLine is the step's command line template on Base Database Service.
func (s Step) DefaultLine() string {
	d, _ := lookupDefault(s)
	return d.line
}

// DefaultRunAs is the user the step runs as unless overridden.
func (s Step) DefaultRunAs() string {
	d, _ := lookupDefault(s)
	return d.runAs
}
