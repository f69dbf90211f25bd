import type { Messages } from "../../tutor/i18n/messages.js";
import type { Audience, ReplyEvent } from "../../tutor/turn.js";
import { buildMessagePayload, SLACK_LIMITS, truncate, type SlackMessagePayload } from "./build-message-blocks.js";
import type { ReplyPlace } from "./build-slack-turns.js";
import { convertMarkdownToMrkdwn } from "./markdown-to-mrkdwn.js";
import type { SlackClient } from "./slack-client.js";
import { contentOf, StreamedMessage, threadOf, type PostedMessage } from "./streamed-message.js";

export interface RenderOptions {
  editIntervalMs: number;
  report: (what: string, error: unknown) => void;
  /** The turn's course language: the adapter's own words (place in line, sources heading) are in it. */
  messages: Messages;
}

/**
 * Renders a turn's reply events into Slack, in order. Personal replies (`audience: "student"`, or every
 * reply of a private-only command) never land in a public channel: they go ephemeral where the student
 * interacted, else to the app's DM with the student. A failed call is reported and the rest still renders.
 */
export async function renderReplies(
  events: AsyncIterable<ReplyEvent>,
  place: ReplyPlace,
  client: SlackClient,
  options: RenderOptions,
): Promise<void> {
  const renderer = new ReplyRenderer(client, place, options);
  try {
    for await (const event of events) await renderer.render(event);
  } finally {
    await renderer.close();
  }
}

class ReplyRenderer {
  private stream: StreamedMessage | undefined;
  /** The "you are number N in line" message, replaced by whatever is posted next in the conversation. */
  private status: PostedMessage | undefined;

  constructor(
    private readonly client: SlackClient,
    private readonly place: ReplyPlace,
    private readonly options: RenderOptions,
  ) {}

  async render(event: ReplyEvent): Promise<void> {
    switch (event.type) {
      case "typing":
        // Slack has no typing indicator for bots outside assistant threads; the streamed post is the sign of life.
        return;
      case "queued":
        return this.showQueued(event.position, event.etaSeconds);
      case "delta":
        if (this.isPersonal("conversation")) return; // the final message will go privately; never stream it in public
        this.stream ??= this.startStream();
        this.stream.push(event.text);
        return;
      case "message":
        return this.deliver(buildMessagePayload(event.text, event.sources, event.actions, this.options.messages), event.audience, true);
      case "notice":
        return this.deliver({ text: convertMarkdownToMrkdwn(event.text), blocks: [] }, event.audience, false);
      case "file":
        return this.upload(event);
    }
  }

  async close(): Promise<void> {
    await this.stream?.settle();
    this.stream = undefined;
    if (this.status !== undefined)
      await this.call("chat.delete", () => this.client.chat.delete({ channel: this.status!.channel, ts: this.status!.ts }));
    this.status = undefined;
  }

  private isPersonal(audience: Audience): boolean {
    return this.place.visibility === "public" && (audience === "student" || this.place.privateOnly);
  }

  private startStream(): StreamedMessage {
    const adopted = this.status;
    this.status = undefined;
    return new StreamedMessage(this.client, this.place, this.options.editIntervalMs, this.options.report, adopted);
  }

  private async showQueued(position: number, etaSeconds: number): Promise<void> {
    if (this.stream !== undefined || this.isPersonal("conversation")) return;
    const text = `:hourglass_flowing_sand: ${this.options.messages.t("adapter.queued", { position, seconds: Math.max(1, Math.round(etaSeconds)) })}`;
    const status = this.status;
    if (status !== undefined) {
      await this.call("chat.update", () => this.client.chat.update({ channel: status.channel, ts: status.ts, text }));
      return;
    }
    const result = await this.call("chat.postMessage", () =>
      this.client.chat.postMessage({ channel: this.place.channel, ...threadOf(this.place), text }),
    );
    if (result?.channel !== undefined && result.ts !== undefined) this.status = { channel: result.channel, ts: result.ts };
  }

  /** `completesStream`: a message is the final form of the streamed text; a notice comes after it. */
  private async deliver(payload: SlackMessagePayload, audience: Audience, completesStream: boolean): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (this.isPersonal(audience)) {
      if (stream !== undefined) await (completesStream ? stream.discard() : stream.settle());
      return this.sendPrivately(payload);
    }
    if (stream !== undefined) {
      if (completesStream) return stream.finish(payload);
      await stream.settle();
    }
    const status = this.status;
    this.status = undefined;
    if (status !== undefined) {
      await this.call("chat.update", () => this.client.chat.update({ channel: status.channel, ts: status.ts, ...contentOf(payload) }));
      return;
    }
    await this.call("chat.postMessage", () =>
      this.client.chat.postMessage({ channel: this.place.channel, ...threadOf(this.place), ...contentOf(payload) }),
    );
  }

  private async sendPrivately(payload: SlackMessagePayload): Promise<void> {
    if (this.place.interactive) {
      await this.call("chat.postEphemeral", () =>
        this.client.chat.postEphemeral({
          channel: this.place.channel,
          user: this.place.userId,
          ...threadOf(this.place),
          ...contentOf(payload),
        }),
      );
      return;
    }
    // Slack takes a user id as the channel of the app's DM with that user.
    await this.call("chat.postMessage", () => this.client.chat.postMessage({ channel: this.place.userId, ...contentOf(payload) }));
  }

  private async upload(file: Extract<ReplyEvent, { type: "file" }>): Promise<void> {
    const personal = this.isPersonal(file.audience);
    const channel = personal || !/^[CGD]/.test(this.place.channel) ? await this.openDirectChannel() : this.place.channel;
    if (channel === undefined) return;
    const comment = truncate(convertMarkdownToMrkdwn(file.caption), SLACK_LIMITS.sectionText);
    const threadTs = personal ? undefined : this.place.threadTs;
    const content = {
      file: Buffer.from(file.data),
      filename: file.name,
      title: file.name,
      ...(comment === "" ? {} : { initial_comment: comment }),
    };
    await this.call("filesUploadV2", () =>
      this.client.filesUploadV2(
        threadTs === undefined ? { channel_id: channel, ...content } : { channel_id: channel, thread_ts: threadTs, ...content },
      ),
    );
  }

  /** Files need a real channel id, not a user id: open (or find) the app's DM with the student. */
  private async openDirectChannel(): Promise<string | undefined> {
    const result = await this.call("conversations.open", () => this.client.conversations.open({ users: this.place.userId }));
    return result?.channel?.id;
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T | undefined> {
    try {
      return await request();
    } catch (error) {
      this.options.report(what, error);
      return undefined;
    }
  }
}
