import { EditPacer } from "../edit-pacer.js";
import type { ReplyPlace } from "./build-slack-turns.js";
import { SLACK_LIMITS, truncate, type SlackMessagePayload } from "./build-message-blocks.js";
import { convertMarkdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import type { SlackClient } from "./slack-client.js";

export interface PostedMessage {
  channel: string;
  ts: string;
}

/**
 * One answer growing as deltas arrive: posted after the first pieces, then edited at most once per
 * `intervalMs`, and finally replaced by the complete message. Calls run one after another, so an edit
 * never overtakes the post it edits. `report` receives failures; streaming goes on without them.
 */
export class StreamedMessage {
  private markdown = "";
  private sentText = "";
  private readonly pacer: EditPacer;

  constructor(
    private readonly client: SlackClient,
    private readonly place: ReplyPlace,
    intervalMs: number,
    private readonly report: (what: string, error: unknown) => void,
    /** A message already posted (the queue status) that the answer takes over. */
    private posted?: PostedMessage,
  ) {
    this.pacer = new EditPacer(intervalMs);
  }

  push(delta: string): void {
    this.markdown += delta;
    this.pacer.request(() => this.sendSoFar());
  }

  /** The final edit: the complete text with its sources and buttons. */
  async finish(payload: SlackMessagePayload): Promise<void> {
    await this.pacer.finish(() => this.send(payload));
  }

  /** Ends the stream with the text received so far (the tutor stopped early, or a notice follows). */
  async settle(): Promise<void> {
    await this.pacer.finish(() => this.sendSoFar());
  }

  /** Removes what was posted: the complete message turned out to be for the student only. */
  async discard(): Promise<void> {
    await this.pacer.finish();
    const posted = this.posted;
    if (posted === undefined) return;
    try {
      await this.client.chat.delete({ channel: posted.channel, ts: posted.ts });
    } catch (error) {
      this.report("chat.delete", error);
    }
  }

  private async sendSoFar(): Promise<void> {
    const text = truncate(convertMarkdownToMrkdwn(this.markdown), SLACK_LIMITS.messageText);
    if (text.trim() === "" || text === this.sentText) return;
    await this.send({ text, blocks: [] });
  }

  private async send(payload: SlackMessagePayload): Promise<void> {
    const method = this.posted === undefined ? "chat.postMessage" : "chat.update";
    try {
      if (this.posted === undefined) {
        const result = await this.client.chat.postMessage({ channel: this.place.channel, ...threadOf(this.place), ...contentOf(payload) });
        if (result.channel !== undefined && result.ts !== undefined) this.posted = { channel: result.channel, ts: result.ts };
      } else {
        await this.client.chat.update({ channel: this.posted.channel, ts: this.posted.ts, ...contentOf(payload) });
      }
      this.sentText = payload.text;
    } catch (error) {
      this.report(method, error);
    }
  }
}

export function threadOf(place: ReplyPlace): { thread_ts?: string } {
  return place.threadTs === undefined ? {} : { thread_ts: place.threadTs };
}

/** Text-only messages carry no `blocks` field at all: Slack then renders `text` as mrkdwn. */
export function contentOf(payload: SlackMessagePayload): { text: string; blocks?: SlackMessagePayload["blocks"] } {
  return payload.blocks.length === 0 ? { text: payload.text } : { text: payload.text, blocks: payload.blocks };
}
