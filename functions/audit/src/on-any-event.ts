import { catalog } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { recordEvent } from './audit.service';

/** Audit subscribes to every catalogued type (the RabbitMQ broker filters on exact types only). */
export const onAnyEvent = catalog.map((def) => onEvent(def, (event, { tx }) => recordEvent(tx, event)));
