/** The Kafka wire-protocol adapter's public surface (re-exported by the package barrel). */
export { startWireServer, WIRE_SERVER_DEFAULTS, type WireCluster, type WireServer, type WireServerOptions } from "./server.js";
export { API_REGISTRY, apiByKey, supportedApiVersions, type ApiVersionRange, type CoreApi, type Decoded, type WireApi } from "./api/index.js";
export { ProtocolDecodeError, Reader } from "./codec/reader.js";
export { Writer } from "./codec/writer.js";
export { MAX_FRAME_BYTES, FrameDecoder, FrameSizeError, encodeRequestFrame, encodeResponseFrame, readRequestHeader, type RequestHeader } from "./codec/frame.js";
export {
  decodeRecordBatch,
  decodeRecordBatches,
  encodeRecordBatch,
  encodeRecordSet,
  crc32cOf,
  toProducedBatch,
  RecordBatchError,
  type DecodedRecordBatch,
  type EncodableBatch,
} from "./codec/record-batch.js";
