import * as $protobuf from "protobufjs";
export namespace loadfleet {

    namespace control {

        interface IRunSpec {
            runId?: (string|null);
            planJson?: (string|null);
            startAt?: (number|null);
            controllerId?: (string|null);
            ownerTimeoutMs?: (number|null);
            planVersion?: (number|null);
            fence?: (number|null);
        }

        class RunSpec implements IRunSpec {
            constructor(p?: loadfleet.control.IRunSpec);
            public runId: string;
            public planJson: string;
            public startAt: number;
            public controllerId: string;
            public ownerTimeoutMs: number;
            public planVersion: number;
            public fence: number;
            public static create(properties?: loadfleet.control.IRunSpec): loadfleet.control.RunSpec;
            public static encode(m: loadfleet.control.IRunSpec, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.RunSpec;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IQuotaRequest {
            runId?: (string|null);
            workerId?: (string|null);
            freeCapacity?: (number|null);
            weight?: (number|null);
            activeUsers?: (number|null);
            grantedThrough?: (number|null);
            lastUserId?: (number|null);
            lastGrantAt?: (number|null);
            usersGranted?: (number|null);
            dropsReceived?: (number|null);
            pendingStarts?: (number|null);
        }

        class QuotaRequest implements IQuotaRequest {
            constructor(p?: loadfleet.control.IQuotaRequest);
            public runId: string;
            public workerId: string;
            public freeCapacity: number;
            public weight: number;
            public activeUsers: number;
            public grantedThrough: number;
            public lastUserId: number;
            public lastGrantAt: number;
            public usersGranted?: (number|null);
            public dropsReceived?: (number|null);
            public pendingStarts?: (number|null);
            public static create(properties?: loadfleet.control.IQuotaRequest): loadfleet.control.QuotaRequest;
            public static encode(m: loadfleet.control.IQuotaRequest, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.QuotaRequest;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IQuotaGrant {
            runId?: (string|null);
            firstUserId?: (number|null);
            count?: (number|null);
            windowStart?: (number|null);
            windowEnd?: (number|null);
            phase?: (number|null);
            done?: (boolean|null);
            stopUsers?: (number|null);
            dropped?: (number|null);
            fence?: (number|null);
        }

        class QuotaGrant implements IQuotaGrant {
            constructor(p?: loadfleet.control.IQuotaGrant);
            public runId: string;
            public firstUserId: number;
            public count: number;
            public windowStart: number;
            public windowEnd: number;
            public phase: number;
            public done: boolean;
            public stopUsers: number;
            public dropped: number;
            public fence: number;
            public static create(properties?: loadfleet.control.IQuotaGrant): loadfleet.control.QuotaGrant;
            public static encode(m: loadfleet.control.IQuotaGrant, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.QuotaGrant;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IRunHealth {
            runId?: (string|null);
            activeUsers?: (number|null);
            openSockets?: (number|null);
        }

        class RunHealth implements IRunHealth {
            constructor(p?: loadfleet.control.IRunHealth);
            public runId: string;
            public activeUsers: number;
            public openSockets: number;
            public static create(properties?: loadfleet.control.IRunHealth): loadfleet.control.RunHealth;
            public static encode(m: loadfleet.control.IRunHealth, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.RunHealth;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IWorkerHeartbeat {
            workerId?: (string|null);
            host?: (string|null);
            pid?: (number|null);
            capacity?: (number|null);
            activeUsers?: (number|null);
            weight?: (number|null);
            cpuPct?: (number|null);
            rssBytes?: (number|null);
            loopDelayP99Ms?: (number|null);
            openSockets?: (number|null);
            openFilesLimit?: (number|null);
            bufferedRecords?: (number|null);
            droppedRecords?: (number|null);
            runs?: (loadfleet.control.IRunHealth[]|null);
            sentAt?: (number|null);
            capacityLimit?: (string|null);
            version?: (string|null);
            leaving?: (boolean|null);
        }

        class WorkerHeartbeat implements IWorkerHeartbeat {
            constructor(p?: loadfleet.control.IWorkerHeartbeat);
            public workerId: string;
            public host: string;
            public pid: number;
            public capacity: number;
            public activeUsers: number;
            public weight: number;
            public cpuPct: number;
            public rssBytes: number;
            public loopDelayP99Ms: number;
            public openSockets: number;
            public openFilesLimit: number;
            public bufferedRecords: number;
            public droppedRecords: number;
            public runs: loadfleet.control.IRunHealth[];
            public sentAt: number;
            public capacityLimit: string;
            public version: string;
            public leaving: boolean;
            public static create(properties?: loadfleet.control.IWorkerHeartbeat): loadfleet.control.WorkerHeartbeat;
            public static encode(m: loadfleet.control.IWorkerHeartbeat, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.WorkerHeartbeat;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IStopRun {
            runId?: (string|null);
            reason?: (string|null);
            graceMs?: (number|null);
            fence?: (number|null);
        }

        class StopRun implements IStopRun {
            constructor(p?: loadfleet.control.IStopRun);
            public runId: string;
            public reason: string;
            public graceMs: number;
            public fence: number;
            public static create(properties?: loadfleet.control.IStopRun): loadfleet.control.StopRun;
            public static encode(m: loadfleet.control.IStopRun, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.StopRun;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IWorkerDone {
            runId?: (string|null);
            workerId?: (string|null);
            lastSecond?: (number|null);
            records?: (number|null);
            droppedRecords?: (number|null);
            refused?: (string|null);
        }

        class WorkerDone implements IWorkerDone {
            constructor(p?: loadfleet.control.IWorkerDone);
            public runId: string;
            public workerId: string;
            public lastSecond: number;
            public records: number;
            public droppedRecords: number;
            public refused: string;
            public static create(properties?: loadfleet.control.IWorkerDone): loadfleet.control.WorkerDone;
            public static encode(m: loadfleet.control.IWorkerDone, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.WorkerDone;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IRunEnded {
            runId?: (string|null);
            state?: (string|null);
            stopReason?: (string|null);
            startedAt?: (number|null);
            endedAt?: (number|null);
            notes?: (string[]|null);
            workers?: (loadfleet.control.IWorkerInfo[]|null);
            graceMs?: (number|null);
            fence?: (number|null);
        }

        class RunEnded implements IRunEnded {
            constructor(p?: loadfleet.control.IRunEnded);
            public runId: string;
            public state: string;
            public stopReason: string;
            public startedAt: number;
            public endedAt: number;
            public notes: string[];
            public workers: loadfleet.control.IWorkerInfo[];
            public graceMs: number;
            public fence: number;
            public static create(properties?: loadfleet.control.IRunEnded): loadfleet.control.RunEnded;
            public static encode(m: loadfleet.control.IRunEnded, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.RunEnded;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IWorkerInfo {
            id?: (string|null);
            host?: (string|null);
            users?: (number|null);
            lost?: (boolean|null);
        }

        class WorkerInfo implements IWorkerInfo {
            constructor(p?: loadfleet.control.IWorkerInfo);
            public id: string;
            public host: string;
            public users: number;
            public lost: boolean;
            public static create(properties?: loadfleet.control.IWorkerInfo): loadfleet.control.WorkerInfo;
            public static encode(m: loadfleet.control.IWorkerInfo, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.WorkerInfo;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IStatsRecord {
            runId?: (string|null);
            workerId?: (string|null);
            second?: (number|null);
            window?: (Uint8Array|null);
            seq?: (number|null);
        }

        class StatsRecord implements IStatsRecord {
            constructor(p?: loadfleet.control.IStatsRecord);
            public runId: string;
            public workerId: string;
            public second: number;
            public window: Uint8Array;
            public seq: number;
            public static create(properties?: loadfleet.control.IStatsRecord): loadfleet.control.StatsRecord;
            public static encode(m: loadfleet.control.IStatsRecord, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.StatsRecord;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface ILiveRollup {
            runId?: (string|null);
            second?: (number|null);
            window?: (Uint8Array|null);
            sources?: (number|null);
        }

        class LiveRollup implements ILiveRollup {
            constructor(p?: loadfleet.control.ILiveRollup);
            public runId: string;
            public second: number;
            public window: Uint8Array;
            public sources: number;
            public static create(properties?: loadfleet.control.ILiveRollup): loadfleet.control.LiveRollup;
            public static encode(m: loadfleet.control.ILiveRollup, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.LiveRollup;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IStatsWindow {
            magic?: (number|null);
            version?: (number|null);
            second?: (number|null);
            sources?: (number|null);
            counters?: (loadfleet.control.IStatsValue[]|null);
            gauges?: (loadfleet.control.IStatsValue[]|null);
            histograms?: (loadfleet.control.IStatsHistogram[]|null);
        }

        class StatsWindow implements IStatsWindow {
            constructor(p?: loadfleet.control.IStatsWindow);
            public magic: number;
            public version: number;
            public second: number;
            public sources: number;
            public counters: loadfleet.control.IStatsValue[];
            public gauges: loadfleet.control.IStatsValue[];
            public histograms: loadfleet.control.IStatsHistogram[];
            public static create(properties?: loadfleet.control.IStatsWindow): loadfleet.control.StatsWindow;
            public static encode(m: loadfleet.control.IStatsWindow, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.StatsWindow;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IStatsValue {
            name?: (string|null);
            int?: (number|null);
            num?: (number|null);
        }

        class StatsValue implements IStatsValue {
            constructor(p?: loadfleet.control.IStatsValue);
            public name: string;
            public int?: (number|null);
            public num?: (number|null);
            public value?: ("int"|"num");
            public static create(properties?: loadfleet.control.IStatsValue): loadfleet.control.StatsValue;
            public static encode(m: loadfleet.control.IStatsValue, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.StatsValue;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }

        interface IStatsHistogram {
            name?: (string|null);
            hdr?: (Uint8Array|null);
            maxUs?: (number|null);
            minNonZeroUs?: (number|null);
        }

        class StatsHistogram implements IStatsHistogram {
            constructor(p?: loadfleet.control.IStatsHistogram);
            public name: string;
            public hdr: Uint8Array;
            public maxUs: number;
            public minNonZeroUs: number;
            public static create(properties?: loadfleet.control.IStatsHistogram): loadfleet.control.StatsHistogram;
            public static encode(m: loadfleet.control.IStatsHistogram, w?: $protobuf.Writer): $protobuf.Writer;
            public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): loadfleet.control.StatsHistogram;
            public static getTypeUrl(typeUrlPrefix?: string): string;
        }
    }
}
