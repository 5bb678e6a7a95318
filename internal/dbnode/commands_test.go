package dbnode

import (
	"slices"
	"strings"
	"testing"
)

func ptr(s string) *string { return &s }

// TestDefaultCommands pins every default: the simulator answers exactly
// these command lines.
func TestDefaultCommands(t *testing.T) {
	t.Parallel()
	v := Values{
		JobID:        "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11",
		GridHome:     "/u01/app/19.0.0.0/grid",
		SID:          "ORCL",
		DBUniqueName: "ORCL_iad1x2",
	}
	want := map[Step]Command{
		StepKernel:           {"uname -r", LoginUser},
		StepBootID:           {"cat /proc/sys/kernel/random/boot_id", LoginUser},
		StepOSRelease:        {"cat /etc/os-release", LoginUser},
		StepHostname:         {"hostname", LoginUser},
		StepAgentStatus:      {"systemctl is-active initdcsagent", LoginUser},
		StepAgentRestart:     {"systemctl restart initdcsagent", Root},
		StepGridHome:         {"cat /etc/oracle/olr.loc", Root},
		StepCRSCheck:         {"/u01/app/19.0.0.0/grid/bin/crsctl check crs", Root},
		StepCRSStop:          {"/u01/app/19.0.0.0/grid/bin/crsctl stop crs", Root},
		StepCRSStart:         {"/u01/app/19.0.0.0/grid/bin/crsctl start crs", Root},
		StepProcesses:        {"ps -eo user,pid,args", LoginUser},
		StepDiagDir:          {"ls -d /u01/app/oracle/diag/rdbms/*/ORCL", Oracle},
		StepAlertLog:         {"tail -n 400 /u01/app/oracle/diag/rdbms/orcl_iad1x2/ORCL/trace/alert_ORCL.log", Oracle},
		StepDatabaseStop:     {"/u01/app/oracle/product/19.0.0.0/dbhome_1/bin/srvctl stop database -d ORCL_iad1x2", Oracle},
		StepDatabaseStart:    {"/u01/app/oracle/product/19.0.0.0/dbhome_1/bin/srvctl start database -d ORCL_iad1x2", Oracle},
		StepFreeSpace:        {"df -P /u01", LoginUser},
		StepOSPrecheck:       {"/opt/oracle/dcs/bin/dbcli update-server -c os -p", Root},
		StepOSUpdate:         {"/opt/oracle/dcs/bin/dbcli update-server -c os", Root},
		StepDescribeJob:      {"/opt/oracle/dcs/bin/dbcli describe-job -i 3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11 -j", Root},
		StepListJobs:         {"/opt/oracle/dcs/bin/dbcli list-jobs -j", Root},
		StepAvailablePatches: {"/opt/oracle/dcs/bin/dbcli get-availableospatches -j", Root},
		StepReboot:           {"systemctl reboot", Root},
		StepSecurityCVEs:     {"dnf -q updateinfo list --security --with-cve", Root},
		StepSecurityUpdates:  {"dnf -q updateinfo list --security", Root},
		StepCheckUpdate:      {"dnf -q check-update", Root},
	}
	if len(want) != len(Steps()) {
		t.Fatalf("the test pins %d steps, the package has %d", len(want), len(Steps()))
	}
	cmds := DefaultCommands()
	for _, step := range Steps() {
		t.Run(string(step), func(t *testing.T) {
			t.Parallel()
			got, err := cmds.Build(step, v)
			if err != nil {
				t.Fatal(err)
			}
			if got != want[step] {
				t.Errorf("got %+v, want %+v", got, want[step])
			}
		})
	}
}

func TestBuildQuotesValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		step    Step
		v       Values
		want    string
		wantErr []string
	}{
		{name: "path with blank", step: StepCRSCheck, v: Values{GridHome: "/u01/my grid"}, want: "'/u01/my grid'/bin/crsctl check crs"},
		{name: "injection attempt", step: StepDescribeJob, v: Values{JobID: "x; reboot"}, want: "/opt/oracle/dcs/bin/dbcli describe-job -i 'x; reboot' -j"},
		{name: "oracle home override", step: StepDatabaseStop, v: Values{OracleHome: "/u01/app/oracle/product/21.0.0.0/dbhome_1", DBUniqueName: "db1"}, want: "/u01/app/oracle/product/21.0.0.0/dbhome_1/bin/srvctl stop database -d db1"},
		{name: "missing value", step: StepCRSStop, v: Values{}, wantErr: []string{"crs_stop", "{grid_home} has no value"}},
		{name: "NUL value", step: StepDescribeJob, v: Values{JobID: "a\x00"}, wantErr: []string{"describe_job", "{job_id}", "NUL"}},
		{name: "unknown step", step: Step("nope"), wantErr: []string{`no step "nope"`}},
	}
	cmds := DefaultCommands()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := cmds.Build(tt.step, tt.v)
			checkErr(t, err, tt.wantErr)
			if err == nil && got.Line != tt.want {
				t.Errorf("got %q, want %q", got.Line, tt.want)
			}
		})
	}
}

func TestZeroCommandsSaysHowToInitialise(t *testing.T) {
	t.Parallel()
	_, err := Commands{}.Build(StepKernel, Values{})
	checkErr(t, err, []string{"DefaultCommands"})
}

func TestNewCommandsOverrides(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		overrides map[Step]Override
		step      Step
		want      Command
		wantErr   []string
	}{
		{
			name:      "site-specific stop keeps the default user",
			overrides: map[Step]Override{StepDatabaseStop: {Line: "{oracle_home}/bin/srvctl stop database -d {db_unique_name} -o immediate"}},
			step:      StepDatabaseStop,
			want:      Command{"/u01/app/oracle/product/19.0.0.0/dbhome_1/bin/srvctl stop database -d DB1 -o immediate", Oracle},
		},
		{
			name:      "run as another user",
			overrides: map[Step]Override{StepProcesses: {Line: "ps -eo user,pid,args | grep -v grep", RunAs: ptr(Root)}},
			step:      StepProcesses,
			want:      Command{"ps -eo user,pid,args | grep -v grep", Root},
		},
		{
			name:      "literal braces",
			overrides: map[Step]Override{StepHostname: {Line: "echo ${{HOSTNAME} | awk '{print $1}'"}},
			step:      StepHostname,
			want:      Command{"echo ${HOSTNAME} | awk '{print $1}'", LoginUser},
		},
		{
			name:      "empty line",
			overrides: map[Step]Override{StepCRSStop: {Line: "  "}},
			wantErr:   []string{`"crs_stop"`, "empty", "crsctl stop crs"},
		},
		{
			name:      "unknown placeholder lists the valid ones",
			overrides: map[Step]Override{StepDatabaseStop: {Line: "srvctl stop database -d {db_name}"}},
			wantErr:   []string{`"database_stop"`, "{db_name}", "{oracle_home}, {db_unique_name}, {sid}"},
		},
		{
			name:      "placeholder on a step that takes none",
			overrides: map[Step]Override{StepKernel: {Line: "uname {sid}"}},
			wantErr:   []string{`"kernel"`, "{sid}", "takes no placeholders"},
		},
		{
			name:      "unknown step",
			overrides: map[Step]Override{"crs_halt": {Line: "x"}},
			wantErr:   []string{`"crs_halt"`, "no such step", "crs_stop"},
		},
		{
			name:      "placeholder inside quotes",
			overrides: map[Step]Override{StepCRSCheck: {Line: `"{grid_home}/bin/crsctl" check crs`}},
			wantErr:   []string{`"crs_check"`, "inside quotes"},
		},
		{
			name:      "placeholder inside single quotes",
			overrides: map[Step]Override{StepCRSCheck: {Line: `sh -c '{grid_home}/bin/crsctl check crs'`}},
			wantErr:   []string{"inside quotes"},
		},
		{
			name:      "not shell",
			overrides: map[Step]Override{StepReboot: {Line: "systemctl reboot 'unterminated"}},
			wantErr:   []string{`"reboot"`, "not a valid shell command line"},
		},
		{
			name:      "bad user",
			overrides: map[Step]Override{StepReboot: {Line: "reboot", RunAs: ptr("root; id")}},
			wantErr:   []string{`"reboot"`, "not a user name"},
		},
		{
			name: "all problems at once",
			overrides: map[Step]Override{
				StepReboot: {Line: ""}, StepKernel: {Line: "uname {x}"},
			},
			wantErr: []string{`"reboot"`, `"kernel"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cmds, err := NewCommands(tt.overrides)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			got, err := cmds.Build(tt.step, Values{DBUniqueName: "DB1"})
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStepMetadata(t *testing.T) {
	t.Parallel()
	if got := StepDescribeJob.Placeholders(); !slices.Equal(got, []Placeholder{PlaceholderJobID}) {
		t.Errorf("describe_job placeholders = %v", got)
	}
	if StepReboot.DefaultRunAs() != Root || StepReboot.DefaultLine() != "systemctl reboot" {
		t.Errorf("reboot default = %q as %q", StepReboot.DefaultLine(), StepReboot.DefaultRunAs())
	}
	line, runAs := DefaultCommands().Template(StepCRSCheck)
	if line != "{grid_home}/bin/crsctl check crs" || runAs != Root {
		t.Errorf("crs_check template = %q as %q", line, runAs)
	}
}

func TestHooksValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		hooks   Hooks
		wantErr []string
	}{
		{name: "none"},
		{name: "valid", hooks: Hooks{
			PreUpdate:  []Command{{Line: "/home/opc/backup.sh --full && echo {done}", RunAs: Root}},
			PostReboot: []Command{{Line: "systemctl is-active oracle-cloud-agent"}},
		}},
		{name: "empty", hooks: Hooks{PostReboot: []Command{{Line: "true"}, {Line: ""}}}, wantErr: []string{"post_reboot hook 2", "empty"}},
		{name: "not shell", hooks: Hooks{PreUpdate: []Command{{Line: "echo 'x"}}}, wantErr: []string{"pre_update hook 1", "not a valid shell"}},
		{name: "bad user", hooks: Hooks{PreUpdate: []Command{{Line: "id", RunAs: "-rf"}}}, wantErr: []string{"pre_update hook 1", `"-rf"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkErr(t, tt.hooks.Validate(), tt.wantErr)
		})
	}
}

// FuzzTemplateValues checks that substituted values never escape their
// quotes: the rendered line parses into the words the template meant,
// with each value in place.
func FuzzTemplateValues(f *testing.F) {
	f.Add("/u01/app/19.0.0.0/grid", "ORCL", "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11")
	f.Add("/u01/my grid", "x'; reboot; '", "$(id)")
	f.Add("a\"b\\c", "`id`", "{job_id}")
	f.Add("\r\n", "\xff", "~")
	cmds, err := NewCommands(map[Step]Override{
		StepCRSCheck:    {Line: "{grid_home}/bin/crsctl check crs"},
		StepDescribeJob: {Line: "dbcli describe-job -i {job_id} -j"},
		StepAlertLog:    {Line: "tail x{sid}y /diag/{sid}"},
	})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, grid, sid, job string) {
		cases := []struct {
			step Step
			want []string
		}{
			{StepCRSCheck, []string{grid + "/bin/crsctl", "check", "crs"}},
			{StepDescribeJob, []string{"dbcli", "describe-job", "-i", job, "-j"}},
			{StepAlertLog, []string{"tail", "x" + sid + "y", "/diag/" + sid}},
		}
		for _, c := range cases {
			cmd, err := cmds.Build(c.step, Values{GridHome: grid, SID: sid, JobID: job})
			if err != nil {
				if grid == "" || sid == "" || job == "" || strings.ContainsRune(grid+sid+job, 0) {
					continue
				}
				t.Fatalf("%s: %v", c.step, err)
			}
			if !roundTrips(t, cmd.Line, c.want) {
				words, _ := shellWords(t, shellSafe(cmd.Line))
				t.Fatalf("%s: line %q parses to %q, want %q", c.step, cmd.Line, words, c.want)
			}
		}
	})
}

// FuzzNewCommands checks that any override either is refused with an
// error naming the step, or builds a command without panicking.
func FuzzNewCommands(f *testing.F) {
	f.Add("{grid_home}/bin/crsctl check crs")
	f.Add("echo ${{x} '{grid_home}'")
	f.Add("{")
	f.Add("cat <<EOF\n{grid_home}\nEOF")
	f.Fuzz(func(t *testing.T, line string) {
		cmds, err := NewCommands(map[Step]Override{StepCRSCheck: {Line: line}})
		if err != nil {
			if !strings.Contains(err.Error(), `"crs_check"`) {
				t.Fatalf("error does not name the setting: %v", err)
			}
			return
		}
		if _, err := cmds.Build(StepCRSCheck, Values{GridHome: "/g"}); err != nil {
			t.Fatalf("accepted override %q fails to build: %v", line, err)
		}
	})
}
