package ociapi

// routes lists the operations served. Names are the SDK's operation names
// (what the knobs and counters use); paths are the SDK's, with the
// service's version prefix that each client puts before them.
func (s *Server) routes() []route {
	return []route{
		// Database service (database.DatabaseClient, 20160918).
		{"ListDbSystems", "GET /20160918/dbSystems", s.listDbSystems},
		{"GetDbSystem", "GET /20160918/dbSystems/{dbSystemId}", s.getDbSystem},
		{"ListDbNodes", "GET /20160918/dbNodes", s.listDbNodes},
		{"GetDbNode", "GET /20160918/dbNodes/{dbNodeId}", s.getDbNode},
		{"DbNodeAction", "POST /20160918/dbNodes/{dbNodeId}", s.dbNodeAction},
		{"ExecuteDbSystemOsPatch", "POST /20160918/dbSystems/{dbSystemId}/actions/osPatch", s.executeDbSystemOsPatch},
		{"ListDbSystemOsPatchHistoryEntries", "GET /20160918/dbSystems/{dbSystemId}/osPatchHistoryEntries", s.listOsPatchHistory},
		{"GetDbSystemOsPatchHistoryEntry", "GET /20160918/dbSystems/{dbSystemId}/osPatchHistoryEntries/{osPatchHistoryEntryId}", s.getOsPatchHistoryEntry},
		// Work Requests service (workrequests.WorkRequestClient, 20160918),
		// which tracks the Database service's asynchronous operations.
		{"GetWorkRequest", "GET /20160918/workRequests/{workRequestId}", s.getWorkRequest},
		// Networking (core.VirtualNetworkClient, 20160918).
		{"GetVnic", "GET /20160918/vnics/{vnicId}", s.getVnic},
		// Identity (identity.IdentityClient, 20160918).
		{"ListCompartments", "GET /20160918/compartments", s.listCompartments},
		{"GetCompartment", "GET /20160918/compartments/{compartmentId}", s.getCompartment},
		{"GetTenancy", "GET /20160918/tenancies/{tenancyId}", s.getTenancy},
		// Vault secrets (secrets.SecretsClient, 20190301).
		{"GetSecretBundle", "GET /20190301/secretbundles/{secretId}", s.getSecretBundle},
		// OS Management Hub (osmanagementhub.ManagedInstanceClient, 20220901).
		{"ListManagedInstances", "GET /20220901/managedInstances", s.listManagedInstances},
		{"GetManagedInstance", "GET /20220901/managedInstances/{managedInstanceId}", s.getManagedInstance},
		{"ListManagedInstanceErrata", "GET /20220901/managedInstances/{managedInstanceId}/errata", s.listManagedInstanceErrata},
		{"ListManagedInstanceUpdatablePackages", "GET /20220901/managedInstances/{managedInstanceId}/updatablePackages", s.listUpdatablePackages},
	}
}
