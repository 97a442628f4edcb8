import * as $protobuf from "protobufjs";
export namespace imlite {

    interface ILoginReq {
        uid?: (number|null);
        ticket?: (string|null);
        clientTimeUs?: (number|null);
    }

    class LoginReq implements ILoginReq {
        constructor(p?: imlite.ILoginReq);
        public uid: number;
        public ticket: string;
        public clientTimeUs: number;
        public static create(properties?: imlite.ILoginReq): imlite.LoginReq;
        public static encode(m: imlite.ILoginReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.LoginReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IEnterRoomReq {
        roomId?: (string|null);
        clientTimeUs?: (number|null);
    }

    class EnterRoomReq implements IEnterRoomReq {
        constructor(p?: imlite.IEnterRoomReq);
        public roomId: string;
        public clientTimeUs: number;
        public static create(properties?: imlite.IEnterRoomReq): imlite.EnterRoomReq;
        public static encode(m: imlite.IEnterRoomReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.EnterRoomReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ILeaveRoomReq {
        roomId?: (string|null);
        clientTimeUs?: (number|null);
    }

    class LeaveRoomReq implements ILeaveRoomReq {
        constructor(p?: imlite.ILeaveRoomReq);
        public roomId: string;
        public clientTimeUs: number;
        public static create(properties?: imlite.ILeaveRoomReq): imlite.LeaveRoomReq;
        public static encode(m: imlite.ILeaveRoomReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.LeaveRoomReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ISendTextReq {
        roomId?: (string|null);
        text?: (string|null);
        clientTimeUs?: (number|null);
    }

    class SendTextReq implements ISendTextReq {
        constructor(p?: imlite.ISendTextReq);
        public roomId: string;
        public text: string;
        public clientTimeUs: number;
        public static create(properties?: imlite.ISendTextReq): imlite.SendTextReq;
        public static encode(m: imlite.ISendTextReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.SendTextReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ISendLikeReq {
        roomId?: (string|null);
        count?: (number|null);
        clientTimeUs?: (number|null);
    }

    class SendLikeReq implements ISendLikeReq {
        constructor(p?: imlite.ISendLikeReq);
        public roomId: string;
        public count: number;
        public clientTimeUs: number;
        public static create(properties?: imlite.ISendLikeReq): imlite.SendLikeReq;
        public static encode(m: imlite.ISendLikeReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.SendLikeReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ISendGiftReq {
        roomId?: (string|null);
        giftId?: (number|null);
        count?: (number|null);
        value?: (number|null);
        clientTimeUs?: (number|null);
    }

    class SendGiftReq implements ISendGiftReq {
        constructor(p?: imlite.ISendGiftReq);
        public roomId: string;
        public giftId: number;
        public count: number;
        public value: number;
        public clientTimeUs: number;
        public static create(properties?: imlite.ISendGiftReq): imlite.SendGiftReq;
        public static encode(m: imlite.ISendGiftReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.SendGiftReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ISendBeamReq {
        roomId?: (string|null);
        beamId?: (number|null);
        value?: (number|null);
        clientTimeUs?: (number|null);
    }

    class SendBeamReq implements ISendBeamReq {
        constructor(p?: imlite.ISendBeamReq);
        public roomId: string;
        public beamId: number;
        public value: number;
        public clientTimeUs: number;
        public static create(properties?: imlite.ISendBeamReq): imlite.SendBeamReq;
        public static encode(m: imlite.ISendBeamReq, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.SendBeamReq;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IPing {
        clientTimeUs?: (number|null);
    }

    class Ping implements IPing {
        constructor(p?: imlite.IPing);
        public clientTimeUs: number;
        public static create(properties?: imlite.IPing): imlite.Ping;
        public static encode(m: imlite.IPing, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.Ping;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    enum Result {
        OK = 0,
        NOT_LOGGED_IN = 1,
        NOT_IN_ROOM = 2,
        BAD_REQUEST = 3,
        ALREADY_LOGGED_IN = 4
    }

    interface ILoginResp {
        result?: (imlite.Result|null);
        uid?: (number|null);
        serverTimeUs?: (number|null);
    }

    class LoginResp implements ILoginResp {
        constructor(p?: imlite.ILoginResp);
        public result: imlite.Result;
        public uid: number;
        public serverTimeUs: number;
        public static create(properties?: imlite.ILoginResp): imlite.LoginResp;
        public static encode(m: imlite.ILoginResp, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.LoginResp;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IEnterRoomResp {
        result?: (imlite.Result|null);
        roomId?: (string|null);
        online?: (number|null);
    }

    class EnterRoomResp implements IEnterRoomResp {
        constructor(p?: imlite.IEnterRoomResp);
        public result: imlite.Result;
        public roomId: string;
        public online: number;
        public static create(properties?: imlite.IEnterRoomResp): imlite.EnterRoomResp;
        public static encode(m: imlite.IEnterRoomResp, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.EnterRoomResp;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ILeaveRoomResp {
        result?: (imlite.Result|null);
        roomId?: (string|null);
    }

    class LeaveRoomResp implements ILeaveRoomResp {
        constructor(p?: imlite.ILeaveRoomResp);
        public result: imlite.Result;
        public roomId: string;
        public static create(properties?: imlite.ILeaveRoomResp): imlite.LeaveRoomResp;
        public static encode(m: imlite.ILeaveRoomResp, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.LeaveRoomResp;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IActionResp {
        result?: (imlite.Result|null);
    }

    class ActionResp implements IActionResp {
        constructor(p?: imlite.IActionResp);
        public result: imlite.Result;
        public static create(properties?: imlite.IActionResp): imlite.ActionResp;
        public static encode(m: imlite.IActionResp, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.ActionResp;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IPong {
        serverTimeUs?: (number|null);
    }

    class Pong implements IPong {
        constructor(p?: imlite.IPong);
        public serverTimeUs: number;
        public static create(properties?: imlite.IPong): imlite.Pong;
        public static encode(m: imlite.IPong, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.Pong;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IErrorResp {
        code?: (imlite.Result|null);
        message?: (string|null);
    }

    class ErrorResp implements IErrorResp {
        constructor(p?: imlite.IErrorResp);
        public code: imlite.Result;
        public message: string;
        public static create(properties?: imlite.IErrorResp): imlite.ErrorResp;
        public static encode(m: imlite.IErrorResp, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.ErrorResp;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IPushMeta {
        roomId?: (string|null);
        fromUid?: (number|null);
        originTimeUs?: (number|null);
    }

    class PushMeta implements IPushMeta {
        constructor(p?: imlite.IPushMeta);
        public roomId: string;
        public fromUid: number;
        public originTimeUs: number;
        public static create(properties?: imlite.IPushMeta): imlite.PushMeta;
        public static encode(m: imlite.IPushMeta, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.PushMeta;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ITextPush {
        meta?: (imlite.IPushMeta|null);
        text?: (string|null);
    }

    class TextPush implements ITextPush {
        constructor(p?: imlite.ITextPush);
        public meta?: (imlite.IPushMeta|null);
        public text: string;
        public static create(properties?: imlite.ITextPush): imlite.TextPush;
        public static encode(m: imlite.ITextPush, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.TextPush;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface ILikePush {
        meta?: (imlite.IPushMeta|null);
        count?: (number|null);
        senders?: (number|null);
    }

    class LikePush implements ILikePush {
        constructor(p?: imlite.ILikePush);
        public meta?: (imlite.IPushMeta|null);
        public count: number;
        public senders: number;
        public static create(properties?: imlite.ILikePush): imlite.LikePush;
        public static encode(m: imlite.ILikePush, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.LikePush;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IGiftPush {
        meta?: (imlite.IPushMeta|null);
        giftId?: (number|null);
        count?: (number|null);
        value?: (number|null);
    }

    class GiftPush implements IGiftPush {
        constructor(p?: imlite.IGiftPush);
        public meta?: (imlite.IPushMeta|null);
        public giftId: number;
        public count: number;
        public value: number;
        public static create(properties?: imlite.IGiftPush): imlite.GiftPush;
        public static encode(m: imlite.IGiftPush, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.GiftPush;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    interface IBeamPush {
        meta?: (imlite.IPushMeta|null);
        beamId?: (number|null);
        value?: (number|null);
    }

    class BeamPush implements IBeamPush {
        constructor(p?: imlite.IBeamPush);
        public meta?: (imlite.IPushMeta|null);
        public beamId: number;
        public value: number;
        public static create(properties?: imlite.IBeamPush): imlite.BeamPush;
        public static encode(m: imlite.IBeamPush, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.BeamPush;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    enum MemberChange {
        JOINED = 0,
        LEFT = 1
    }

    interface IMemberPush {
        meta?: (imlite.IPushMeta|null);
        change?: (imlite.MemberChange|null);
        online?: (number|null);
    }

    class MemberPush implements IMemberPush {
        constructor(p?: imlite.IMemberPush);
        public meta?: (imlite.IPushMeta|null);
        public change: imlite.MemberChange;
        public online: number;
        public static create(properties?: imlite.IMemberPush): imlite.MemberPush;
        public static encode(m: imlite.IMemberPush, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.MemberPush;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }

    enum KickReason {
        KICK_UNSPECIFIED = 0,
        HEARTBEAT_TIMEOUT = 1,
        LOGIN_TIMEOUT = 2,
        SLOW_CONSUMER = 3,
        SERVER_SHUTDOWN = 4,
        PROTOCOL_VIOLATION = 5
    }

    interface IKickout {
        reason?: (imlite.KickReason|null);
        detail?: (string|null);
    }

    class Kickout implements IKickout {
        constructor(p?: imlite.IKickout);
        public reason: imlite.KickReason;
        public detail: string;
        public static create(properties?: imlite.IKickout): imlite.Kickout;
        public static encode(m: imlite.IKickout, w?: $protobuf.Writer): $protobuf.Writer;
        public static decode(r: ($protobuf.Reader|Uint8Array), l?: number): imlite.Kickout;
        public static getTypeUrl(typeUrlPrefix?: string): string;
    }
}
