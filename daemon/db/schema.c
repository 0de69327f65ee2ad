/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The schema, as a list of forward migrations. PRAGMA user_version holds the
 * number of steps applied; a database written by a newer rsmd (a higher
 * version than we know) is refused rather than guessed at.
 *
 * Column names of the per-type tables are the documented field names of the
 * type's information structure, and each type has a view <table>_info whose
 * columns are exactly the documented fields of NTMS_OBJECTINFORMATION for that
 * type (common ones first), including the counts that are derived rather than
 * stored. GetObjectInformation reads those views; a unit test checks them
 * against common/ntms-fields.c. */

#include "db-private.h"

#define OBJECT_REF "guid TEXT PRIMARY KEY NOT NULL REFERENCES objects(guid) ON DELETE CASCADE"

#define COMMON_INFO                                                     \
        "o.type AS dwType, o.created AS Created, o.modified AS Modified, " \
        "o.guid AS ObjectGuid, o.enabled AS Enabled, "                  \
        "o.state AS dwOperationalState, o.name AS szName, "             \
        "o.description AS szDescription"

#define INFO_VIEW(table, columns)                                       \
        "CREATE VIEW " table "_info AS SELECT " COMMON_INFO ", " columns \
        " FROM " table " AS t JOIN objects AS o ON o.guid = t.guid;\n"

static const char schema_v1[] =
        /* What every object has; the per-type tables below add their own fields. */
        "CREATE TABLE objects (\n"
        "  guid TEXT PRIMARY KEY NOT NULL CHECK (length(guid) = 36),\n"
        "  type INTEGER NOT NULL CHECK (type BETWEEN 2 AND 17),\n"
        "  name TEXT NOT NULL DEFAULT '',\n"
        "  description TEXT NOT NULL DEFAULT '',\n"
        "  created INTEGER NOT NULL,\n"
        "  modified INTEGER NOT NULL,\n"
        "  enabled INTEGER NOT NULL DEFAULT 1,\n"
        "  state INTEGER NOT NULL DEFAULT 0);\n"
        "CREATE INDEX objects_by_type ON objects(type);\n"
        "CREATE INDEX objects_by_name ON objects(name COLLATE NOCASE);\n"

        "CREATE TABLE computer (" OBJECT_REF ",\n"
        "  dwLibRequestPurgeTime INTEGER NOT NULL DEFAULT 0,\n"
        "  dwOpRequestPurgeTime INTEGER NOT NULL DEFAULT 0,\n"
        "  dwLibRequestFlags INTEGER NOT NULL DEFAULT 0,\n"
        "  dwOpRequestFlags INTEGER NOT NULL DEFAULT 0,\n"
        "  dwMediaPoolPolicy INTEGER NOT NULL DEFAULT 0);\n"

        "CREATE TABLE library (" OBJECT_REF ",\n"
        "  LibraryType INTEGER NOT NULL,\n"
        "  CleanerSlot TEXT REFERENCES storage_slot(guid) ON DELETE SET NULL,\n"
        "  CleanerSlotDefault TEXT REFERENCES storage_slot(guid) ON DELETE SET NULL,\n"
        "  LibrarySupportsDriveCleaning INTEGER NOT NULL DEFAULT 0,\n"
        "  BarCodeReaderInstalled INTEGER NOT NULL DEFAULT 0,\n"
        "  InventoryMethod INTEGER NOT NULL DEFAULT 0,\n"
        "  dwCleanerUsesRemaining INTEGER NOT NULL DEFAULT 0,\n"
        "  FirstDriveNumber INTEGER NOT NULL DEFAULT 0,\n"
        "  FirstSlotNumber INTEGER NOT NULL DEFAULT 0,\n"
        "  FirstDoorNumber INTEGER NOT NULL DEFAULT 0,\n"
        "  FirstPortNumber INTEGER NOT NULL DEFAULT 0,\n"
        "  FirstChangerNumber INTEGER NOT NULL DEFAULT 0,\n"
        "  AutoRecovery INTEGER NOT NULL DEFAULT 0,\n"
        "  dwFlags INTEGER NOT NULL DEFAULT 0);\n"
        "CREATE INDEX library_by_type ON library(LibraryType);\n"

        "CREATE TABLE media_type (" OBJECT_REF ",\n"
        "  MediaType INTEGER NOT NULL DEFAULT 0,\n"
        "  NumberOfSides INTEGER NOT NULL CHECK (NumberOfSides > 0),\n"
        "  ReadWriteCharacteristics INTEGER NOT NULL DEFAULT 0,\n"
        "  DeviceType INTEGER NOT NULL DEFAULT 0);\n"

        /* Which media types a library holds (AddNtmsMediaType/DeleteNtmsMediaType). */
        "CREATE TABLE library_media_type (\n"
        "  library TEXT NOT NULL REFERENCES library(guid) ON DELETE CASCADE,\n"
        "  media_type TEXT NOT NULL REFERENCES media_type(guid) ON DELETE CASCADE,\n"
        "  PRIMARY KEY (library, media_type)) WITHOUT ROWID;\n"
        "CREATE INDEX library_media_type_by_type ON library_media_type(media_type);\n"

        "CREATE TABLE drive_type (" OBJECT_REF ",\n"
        "  szVendor TEXT NOT NULL DEFAULT '',\n"
        "  szProduct TEXT NOT NULL DEFAULT '',\n"
        "  NumberOfHeads INTEGER NOT NULL DEFAULT 0,\n"
        "  DeviceType INTEGER NOT NULL DEFAULT 0);\n"

        "CREATE TABLE drive (" OBJECT_REF ",\n"
        "  Library TEXT NOT NULL REFERENCES library(guid),\n"
        "  Number INTEGER NOT NULL,\n"
        "  State INTEGER NOT NULL DEFAULT 0,\n"
        "  DriveType TEXT REFERENCES drive_type(guid),\n"
        "  szDeviceName TEXT NOT NULL DEFAULT '',\n"
        "  szSerialNumber TEXT NOT NULL DEFAULT '',\n"
        "  szRevision TEXT NOT NULL DEFAULT '',\n"
        "  ScsiPort INTEGER NOT NULL DEFAULT 0,\n"
        "  ScsiBus INTEGER NOT NULL DEFAULT 0,\n"
        "  ScsiTarget INTEGER NOT NULL DEFAULT 0,\n"
        "  ScsiLun INTEGER NOT NULL DEFAULT 0,\n"
        "  dwMountCount INTEGER NOT NULL DEFAULT 0,\n"
        "  LastCleanedTs INTEGER NOT NULL DEFAULT 0,\n"
        "  SavedPartitionId TEXT REFERENCES partition(guid) ON DELETE SET NULL,\n"
        "  dwDeferDismountDelay INTEGER NOT NULL DEFAULT 0,\n"
        "  UNIQUE (Library, Number));\n"

        "CREATE TABLE changer_type (" OBJECT_REF ",\n"
        "  szVendor TEXT NOT NULL DEFAULT '',\n"
        "  szProduct TEXT NOT NULL DEFAULT '',\n"
        "  DeviceType INTEGER NOT NULL DEFAULT 0);\n"

        "CREATE TABLE changer (" OBJECT_REF ",\n"
        "  Library TEXT NOT NULL REFERENCES library(guid),\n"
        "  Number INTEGER NOT NULL,\n"
        "  ChangerType TEXT REFERENCES changer_type(guid),\n"
        "  szSerialNumber TEXT NOT NULL DEFAULT '',\n"
        "  szRevision TEXT NOT NULL DEFAULT '',\n"
        "  szDeviceName TEXT NOT NULL DEFAULT '',\n"
        "  ScsiPort INTEGER NOT NULL DEFAULT 0,\n"
        "  ScsiBus INTEGER NOT NULL DEFAULT 0,\n"
        "  ScsiTarget INTEGER NOT NULL DEFAULT 0,\n"
        "  ScsiLun INTEGER NOT NULL DEFAULT 0,\n"
        "  UNIQUE (Library, Number));\n"

        "CREATE TABLE storage_slot (" OBJECT_REF ",\n"
        "  Library TEXT NOT NULL REFERENCES library(guid),\n"
        "  Number INTEGER NOT NULL,\n"
        "  State INTEGER NOT NULL DEFAULT 0,\n"
        "  UNIQUE (Library, Number));\n"

        "CREATE TABLE iedoor (" OBJECT_REF ",\n"
        "  Library TEXT NOT NULL REFERENCES library(guid),\n"
        "  Number INTEGER NOT NULL,\n"
        "  State INTEGER NOT NULL DEFAULT 0,\n"
        "  MaxOpenSecs INTEGER NOT NULL DEFAULT 0,\n"
        "  UNIQUE (Library, Number));\n"

        "CREATE TABLE ieport (" OBJECT_REF ",\n"
        "  Library TEXT NOT NULL REFERENCES library(guid),\n"
        "  Number INTEGER NOT NULL,\n"
        "  Content INTEGER NOT NULL DEFAULT 0,\n"
        "  Position INTEGER NOT NULL DEFAULT 0,\n"
        "  MaxExtendSecs INTEGER NOT NULL DEFAULT 0,\n"
        "  UNIQUE (Library, Number));\n"

        /* The root pool is the one pool without a parent. */
        "CREATE TABLE media_pool (" OBJECT_REF ",\n"
        "  PoolType INTEGER NOT NULL,\n"
        "  MediaType TEXT REFERENCES media_type(guid),\n"
        "  Parent TEXT REFERENCES media_pool(guid),\n"
        "  AllocationPolicy INTEGER NOT NULL DEFAULT 0,\n"
        "  DeallocationPolicy INTEGER NOT NULL DEFAULT 0,\n"
        "  dwMaxAllocates INTEGER NOT NULL DEFAULT 0);\n"
        "CREATE INDEX media_pool_by_parent ON media_pool(Parent);\n"
        "CREATE INDEX media_pool_by_type ON media_pool(MediaType);\n"
        "CREATE UNIQUE INDEX media_pool_one_root ON media_pool((Parent IS NULL)) WHERE Parent IS NULL;\n"

        "CREATE TABLE physical_media (" OBJECT_REF ",\n"
        "  CurrentLibrary TEXT REFERENCES library(guid),\n"
        "  MediaPool TEXT NOT NULL REFERENCES media_pool(guid),\n"
        "  Location TEXT,\n"
        "  LocationType INTEGER NOT NULL DEFAULT 0,\n"
        "  MediaType TEXT NOT NULL REFERENCES media_type(guid),\n"
        "  HomeSlot TEXT REFERENCES storage_slot(guid) ON DELETE SET NULL,\n"
        "  szBarCode TEXT NOT NULL DEFAULT '',\n"
        "  BarCodeState INTEGER NOT NULL DEFAULT 0,\n"
        "  szSequenceNumber TEXT NOT NULL DEFAULT '',\n"
        "  MediaState INTEGER NOT NULL DEFAULT 0,\n"
        "  dwMediaTypeCode INTEGER NOT NULL DEFAULT 0,\n"
        "  dwDensityCode INTEGER NOT NULL DEFAULT 0,\n"
        "  MountedPartition TEXT);\n"
        "CREATE INDEX physical_media_by_barcode ON physical_media(szBarCode) WHERE szBarCode != '';\n"
        "CREATE INDEX physical_media_by_pool ON physical_media(MediaPool);\n"
        "CREATE INDEX physical_media_by_library ON physical_media(CurrentLibrary);\n"
        "CREATE INDEX physical_media_by_type ON physical_media(MediaType);\n"

        "CREATE TABLE logical_media (" OBJECT_REF ",\n"
        "  MediaPool TEXT NOT NULL REFERENCES media_pool(guid));\n"
        "CREATE INDEX logical_media_by_pool ON logical_media(MediaPool);\n"

        "CREATE TABLE partition (" OBJECT_REF ",\n"
        "  PhysicalMedia TEXT NOT NULL REFERENCES physical_media(guid) ON DELETE CASCADE,\n"
        "  LogicalMedia TEXT REFERENCES logical_media(guid) ON DELETE SET NULL,\n"
        "  State INTEGER NOT NULL DEFAULT 0,\n"
        "  Side INTEGER NOT NULL,\n"
        "  OmidLabelId BLOB NOT NULL DEFAULT x'',\n"
        "  szOmidLabelType TEXT NOT NULL DEFAULT '',\n"
        "  szOmidLabelInfo TEXT NOT NULL DEFAULT '',\n"
        "  dwMountCount INTEGER NOT NULL DEFAULT 0,\n"
        "  dwAllocateCount INTEGER NOT NULL DEFAULT 0,\n"
        "  Capacity INTEGER NOT NULL DEFAULT 0,\n"
        "  UNIQUE (PhysicalMedia, Side));\n"
        "CREATE INDEX partition_by_logical_media ON partition(LogicalMedia);\n"
        "CREATE INDEX partition_by_omid ON partition(szOmidLabelType, OmidLabelId) WHERE length(OmidLabelId) > 0;\n"

        "CREATE TABLE librequest (" OBJECT_REF ",\n"
        "  OperationCode INTEGER NOT NULL DEFAULT 0,\n"
        "  OperationOption INTEGER NOT NULL DEFAULT 0,\n"
        "  State INTEGER NOT NULL DEFAULT 0,\n"
        "  PartitionId TEXT, DriveId TEXT, PhysMediaId TEXT,\n"
        "  Library TEXT REFERENCES library(guid) ON DELETE CASCADE,\n"
        "  SlotId TEXT,\n"
        "  TimeQueued INTEGER NOT NULL DEFAULT 0,\n"
        "  TimeCompleted INTEGER NOT NULL DEFAULT 0,\n"
        "  szApplication TEXT NOT NULL DEFAULT '',\n"
        "  szUser TEXT NOT NULL DEFAULT '',\n"
        "  szComputer TEXT NOT NULL DEFAULT '',\n"
        "  dwErrorCode INTEGER NOT NULL DEFAULT 0,\n"
        "  WorkItemId TEXT,\n"
        "  dwPriority INTEGER NOT NULL DEFAULT 0);\n"
        "CREATE INDEX librequest_by_library ON librequest(Library);\n"

        "CREATE TABLE oprequest (" OBJECT_REF ",\n"
        "  Request INTEGER NOT NULL DEFAULT 0,\n"
        "  Submitted INTEGER NOT NULL DEFAULT 0,\n"
        "  State INTEGER NOT NULL DEFAULT 0,\n"
        "  szMessage TEXT NOT NULL DEFAULT '',\n"
        "  Arg1Type INTEGER NOT NULL DEFAULT 0, Arg1 TEXT,\n"
        "  Arg2Type INTEGER NOT NULL DEFAULT 0, Arg2 TEXT,\n"
        "  szApplication TEXT NOT NULL DEFAULT '',\n"
        "  szUser TEXT NOT NULL DEFAULT '',\n"
        "  szComputer TEXT NOT NULL DEFAULT '');\n"

        /* Get/SetNtmsObjectAttribute; names compare like Windows names do. */
        "CREATE TABLE attributes (\n"
        "  object TEXT NOT NULL REFERENCES objects(guid) ON DELETE CASCADE,\n"
        "  name TEXT NOT NULL COLLATE NOCASE,\n"
        "  value BLOB NOT NULL,\n"
        "  PRIMARY KEY (object, name)) WITHOUT ROWID;\n"

        INFO_VIEW("computer",
                  "t.dwLibRequestPurgeTime, t.dwOpRequestPurgeTime, t.dwLibRequestFlags, "
                  "t.dwOpRequestFlags, t.dwMediaPoolPolicy")
        INFO_VIEW("library",
                  "t.LibraryType, t.CleanerSlot, t.CleanerSlotDefault, "
                  "t.LibrarySupportsDriveCleaning, t.BarCodeReaderInstalled, "
                  "t.InventoryMethod, t.dwCleanerUsesRemaining, "
                  "t.FirstDriveNumber, (SELECT count(*) FROM drive WHERE Library = t.guid) AS dwNumberOfDrives, "
                  "t.FirstSlotNumber, (SELECT count(*) FROM storage_slot WHERE Library = t.guid) AS dwNumberOfSlots, "
                  "t.FirstDoorNumber, (SELECT count(*) FROM iedoor WHERE Library = t.guid) AS dwNumberOfDoors, "
                  "t.FirstPortNumber, (SELECT count(*) FROM ieport WHERE Library = t.guid) AS dwNumberOfPorts, "
                  "t.FirstChangerNumber, (SELECT count(*) FROM changer WHERE Library = t.guid) AS dwNumberOfChangers, "
                  "(SELECT count(*) FROM physical_media WHERE CurrentLibrary = t.guid) AS dwNumberOfMedia, "
                  "(SELECT count(*) FROM library_media_type WHERE library = t.guid) AS dwNumberOfMediaTypes, "
                  "(SELECT count(*) FROM librequest WHERE Library = t.guid) AS dwNumberOfLibRequests, "
                  "t.AutoRecovery, t.dwFlags")
        INFO_VIEW("media_type",
                  "t.MediaType, t.NumberOfSides, t.ReadWriteCharacteristics, t.DeviceType")
        INFO_VIEW("drive_type",
                  "t.szVendor, t.szProduct, t.NumberOfHeads, t.DeviceType")
        INFO_VIEW("drive",
                  "t.Number, t.State, t.DriveType, t.szDeviceName, t.szSerialNumber, t.szRevision, "
                  "t.ScsiPort, t.ScsiBus, t.ScsiTarget, t.ScsiLun, t.dwMountCount, t.LastCleanedTs, "
                  "t.SavedPartitionId, t.Library, t.dwDeferDismountDelay")
        INFO_VIEW("changer_type",
                  "t.szVendor, t.szProduct, t.DeviceType")
        INFO_VIEW("changer",
                  "t.Number, t.ChangerType, t.szSerialNumber, t.szRevision, t.szDeviceName, "
                  "t.ScsiPort, t.ScsiBus, t.ScsiTarget, t.ScsiLun, t.Library")
        INFO_VIEW("storage_slot",
                  "t.Number, t.State, t.Library")
        INFO_VIEW("iedoor",
                  "t.Number, t.State, t.MaxOpenSecs, t.Library")
        INFO_VIEW("ieport",
                  "t.Number, t.Content, t.Position, t.MaxExtendSecs, t.Library")
        INFO_VIEW("media_pool",
                  "t.PoolType, t.MediaType, t.Parent, t.AllocationPolicy, t.DeallocationPolicy, "
                  "t.dwMaxAllocates, "
                  "(SELECT count(*) FROM physical_media WHERE MediaPool = t.guid) AS dwNumberOfPhysicalMedia, "
                  "(SELECT count(*) FROM logical_media WHERE MediaPool = t.guid) AS dwNumberOfLogicalMedia, "
                  "(SELECT count(*) FROM media_pool AS c WHERE c.Parent = t.guid) AS dwNumberOfMediaPools")
        INFO_VIEW("physical_media",
                  "t.CurrentLibrary, t.MediaPool, t.Location, t.LocationType, t.MediaType, t.HomeSlot, "
                  "t.szBarCode, t.BarCodeState, t.szSequenceNumber, t.MediaState, "
                  "(SELECT count(*) FROM partition WHERE PhysicalMedia = t.guid) AS dwNumberOfPartitions, "
                  "t.dwMediaTypeCode, t.dwDensityCode, t.MountedPartition")
        INFO_VIEW("logical_media",
                  "t.MediaPool, "
                  "(SELECT count(*) FROM partition WHERE LogicalMedia = t.guid) AS dwNumberOfPartitions")
        INFO_VIEW("partition",
                  "t.PhysicalMedia, t.LogicalMedia, t.State, t.Side, "
                  "length(t.OmidLabelId) AS dwOmidLabelIdLength, t.OmidLabelId, "
                  "t.szOmidLabelType, t.szOmidLabelInfo, t.dwMountCount, t.dwAllocateCount, t.Capacity")
        INFO_VIEW("librequest",
                  "t.OperationCode, t.OperationOption, t.State, t.PartitionId, t.DriveId, "
                  "t.PhysMediaId, t.Library, t.SlotId, t.TimeQueued, t.TimeCompleted, "
                  "t.szApplication, t.szUser, t.szComputer, t.dwErrorCode, t.WorkItemId, t.dwPriority")
        INFO_VIEW("oprequest",
                  "t.Request, t.Submitted, t.State, t.szMessage, t.Arg1Type, t.Arg1, "
                  "t.Arg2Type, t.Arg2, t.szApplication, t.szUser, t.szComputer");

/* Elements are known by their SMC element address, the identity a changer
 * keeps when its layout changes (a magazine added in front renumbers every
 * slot behind it). Rows of a v1 database have none until their library is
 * probed again. Doors are no SMC elements and never have one; the column is
 * there so that every element table has the same shape. And an index that
 * large inventories need. */
static const char schema_v2[] =
        "ALTER TABLE storage_slot ADD COLUMN ElementAddress INTEGER;\n"
        "ALTER TABLE drive ADD COLUMN ElementAddress INTEGER;\n"
        "ALTER TABLE ieport ADD COLUMN ElementAddress INTEGER;\n"
        "ALTER TABLE iedoor ADD COLUMN ElementAddress INTEGER;\n"
        "CREATE UNIQUE INDEX storage_slot_by_address ON storage_slot(Library, ElementAddress) "
        "WHERE ElementAddress IS NOT NULL;\n"
        "CREATE UNIQUE INDEX drive_by_address ON drive(Library, ElementAddress) "
        "WHERE ElementAddress IS NOT NULL;\n"
        "CREATE UNIQUE INDEX ieport_by_address ON ieport(Library, ElementAddress) "
        "WHERE ElementAddress IS NOT NULL;\n"
        /* Each new medium takes the next sequence number, max() + 1 (db/media.c):
         * without an index on exactly that expression every insert reads every
         * medium, and an inventory that finds thousands of new cartridges
         * takes quadratic time. */
        "CREATE INDEX physical_media_by_sequence ON physical_media(CAST(szSequenceNumber AS INTEGER));\n";

/* The library request queue (daemon/queue/) and mounts:
 *  - when a request started, next to when it was queued and completed;
 *  - when a drive was last mounted, so that drive selection spreads use;
 *  - dwDeferDismountDelay defaults to the documented five minutes, for
 *    drives recorded before and after this step (the column's default
 *    cannot change without rebuilding the table, so a trigger supplies it;
 *    before this step nothing read the value, so every 0 is a default);
 *  - dwNumberOfLibRequests counts the current requests, as documented, not
 *    the finished ones the queue keeps until they are deleted;
 *  - the look-ups the queue makes: unfinished requests, what a drive holds. */
static const char schema_v3[] =
        "ALTER TABLE librequest ADD COLUMN TimeStarted INTEGER NOT NULL DEFAULT 0;\n"
        "CREATE INDEX librequest_by_state ON librequest(State);\n"
        "ALTER TABLE drive ADD COLUMN LastUsed INTEGER NOT NULL DEFAULT 0;\n"
        "UPDATE drive SET dwDeferDismountDelay = 300 WHERE dwDeferDismountDelay = 0;\n"
        "CREATE TRIGGER drive_defer_dismount_default AFTER INSERT ON drive "
        "WHEN NEW.dwDeferDismountDelay = 0 BEGIN "
        "UPDATE drive SET dwDeferDismountDelay = 300 WHERE guid = NEW.guid; END;\n"
        "CREATE INDEX physical_media_by_location ON physical_media(Location);\n"
        "DROP VIEW library_info;\n"
        INFO_VIEW("library",
                  "t.LibraryType, t.CleanerSlot, t.CleanerSlotDefault, "
                  "t.LibrarySupportsDriveCleaning, t.BarCodeReaderInstalled, "
                  "t.InventoryMethod, t.dwCleanerUsesRemaining, "
                  "t.FirstDriveNumber, (SELECT count(*) FROM drive WHERE Library = t.guid) AS dwNumberOfDrives, "
                  "t.FirstSlotNumber, (SELECT count(*) FROM storage_slot WHERE Library = t.guid) AS dwNumberOfSlots, "
                  "t.FirstDoorNumber, (SELECT count(*) FROM iedoor WHERE Library = t.guid) AS dwNumberOfDoors, "
                  "t.FirstPortNumber, (SELECT count(*) FROM ieport WHERE Library = t.guid) AS dwNumberOfPorts, "
                  "t.FirstChangerNumber, (SELECT count(*) FROM changer WHERE Library = t.guid) AS dwNumberOfChangers, "
                  "(SELECT count(*) FROM physical_media WHERE CurrentLibrary = t.guid) AS dwNumberOfMedia, "
                  "(SELECT count(*) FROM library_media_type WHERE library = t.guid) AS dwNumberOfMediaTypes, "
                  "(SELECT count(*) FROM librequest WHERE Library = t.guid "
                  " AND State IN (0 /* QUEUED */, 1 /* INPROCESS */, 5 /* WAITING */, 6 /* DEFERRED */)) "
                  "  AS dwNumberOfLibRequests, "
                  "t.AutoRecovery, t.dwFlags");

/* Append only: a released step never changes, a change is a new step. */
static const char *const migrations[] = {
        schema_v1,
        schema_v2,
        schema_v3,
};

unsigned db_schema_version_latest(void) {
        return ELEMENTSOF(migrations);
}

static int db_schema_version(Db *db, unsigned *ret) {
        _cleanup_(sqlite3_finalizep) sqlite3_stmt *s = NULL;
        int r;

        r = db_prepare(db, "PRAGMA user_version", &s);
        if (r < 0)
                return r;
        r = db_step_row(db, s);
        if (r < 0)
                return r;
        *ret = (unsigned) sqlite3_column_int(s, 0);
        return 0;
}

/* One transaction per step, so an interrupted upgrade resumes where it stopped. */
static int db_schema_apply(Db *db, unsigned step) {
        _cleanup_(db_rollbackp) Db *tx = NULL;
        char pragma[64];
        int r;

        r = db_begin(db);
        if (r < 0)
                return r;
        tx = db;

        r = db_exec(db, migrations[step]);
        if (r < 0)
                return log_error_errno(r, "Schema migration step %u failed on %s: %m", step + 1, db->path);

        /* PRAGMA takes no parameters; the value is our own number. */
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %u", step + 1);
        r = db_exec(db, pragma);
        if (r < 0)
                return r;

        return db_commit(TAKE_PTR(tx));
}

int db_schema_migrate(Db *db, char **ret_problem) {
        unsigned version;
        int r;

        r = db_schema_version(db, &version);
        if (r < 0)
                return r;

        if (version > db_schema_version_latest()) {
                if (asprintf(ret_problem, "%s has schema version %u, newer than the %u this rsmd knows",
                             db->path, version, db_schema_version_latest()) < 0)
                        return -ENOMEM;
                return -EPROTO;
        }

        for (unsigned step = version; step < db_schema_version_latest(); step++) {
                r = db_schema_apply(db, step);
                if (r < 0)
                        return r;
                log_info("Database %s upgraded to schema version %u", db->path, step + 1);
        }
        return 0;
}

int db_get_schema_version(Db *db, unsigned *ret) {
        return db_schema_version(db, ret);
}
