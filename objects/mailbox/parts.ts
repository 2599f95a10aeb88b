// MailboxParts: the pieces one Mailbox is made of, handed to every operation on it.
import type { Config } from "../../src/contract/config";
import type { AccountStore } from "./accounts";
import type { BlockedSenders } from "./blocked-senders";
import type { CodeHandouts } from "./code-handouts";
import type { DeliveryLog } from "./delivery-log";
import type { DirectoryFeed } from "./directory-feed";
import type { ForwardRules } from "./forward-rules";
import type { Lifetime } from "./lifetime";
import type { LiveFeed } from "./live-feed";
import type { MailtmView } from "./mailtm-view";
import type { MessageStore } from "./message-store";
import type { NotificationTargets } from "./notification-targets";
import type { Outbox } from "./outbox";
import type { OutboxSender } from "./outbox-sender";
import type { Retention } from "./retention";
import type { SendQuota } from "./send-quota";
import type { Tally } from "./tally";

export interface MailboxParts {
  /** the normalised address: the object's name */
  readonly address: string;
  readonly config: Config;
  readonly lifetime: Lifetime;
  readonly messages: MessageStore;
  readonly outbox: Outbox;
  readonly targets: NotificationTargets;
  readonly sender: OutboxSender;
  readonly accounts: AccountStore;
  readonly mailtm: MailtmView;
  readonly live: LiveFeed;
  readonly retention: Retention;
  readonly quota: SendQuota;
  readonly forwards: ForwardRules;
  readonly directory: DirectoryFeed;
  readonly tally: Tally;
  readonly blocked: BlockedSenders;
  readonly deliveryLog: DeliveryLog;
  readonly handouts: CodeHandouts;
}
