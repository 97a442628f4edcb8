import { ClosedUsers } from './closed-users.js';
import type { LoadModel } from './load-model.js';
import { OpenArrivalRate } from './open-arrival-rate.js';
import type { Schedule } from './schedule.js';

/** The schedule of a load model: the one place that tells the models apart. */
export function scheduleOf(load: LoadModel): Schedule {
  switch (load.model) {
    case 'open':
      return new OpenArrivalRate(load);
    case 'closed':
      return new ClosedUsers(load);
  }
}
