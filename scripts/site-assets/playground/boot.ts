// The playground's first script (playground-boot.js), small and loaded before the page's script: it starts the
// Worker at once (from a blob: URL: that works from file:// too) and asks it for the sweep the page address holds,
// so the simulation runs while the browser is still compiling the page's script (Plot, the figures). The page's
// script (page.ts) takes the Worker over, with any replies that came in meanwhile.
import type { WorkerReply, WorkerRequest } from "./worker.ts";

declare const __PLAYGROUND_WORKER__: string;

export interface PlaygroundBoot {
  worker: Worker;
  /** The id of the sweep sent at boot, and the page address it was for. */
  firstId: number;
  hash: string;
  /** Replies received before the page's script took over. */
  queue: WorkerReply[];
}

const worker = new Worker(URL.createObjectURL(new Blob([__PLAYGROUND_WORKER__], { type: "text/javascript" })));
const boot: PlaygroundBoot = { worker, firstId: 1, hash: location.hash, queue: [] };
worker.onmessage = (event: MessageEvent<WorkerReply>) => void boot.queue.push(event.data);
const lang = document.documentElement.lang === "ko" ? "ko" : "en";
worker.postMessage({ type: "sweep", id: boot.firstId, hash: boot.hash, lang } satisfies WorkerRequest);
(globalThis as unknown as { __playgroundBoot: PlaygroundBoot }).__playgroundBoot = boot;
