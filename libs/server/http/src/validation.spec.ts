import { IsInt, IsString, Max, Min } from 'class-validator';
import { createValidationPipe } from './validation';

class Named {
  @IsString() name!: string;
}

class Counted extends Named {
  @IsInt() @Min(1) count!: number;
}

const rules = async (body: unknown, metatype: new () => object) =>
  createValidationPipe()
    .transform(body, { type: 'body', metatype })
    .then(
      () => [],
      (error: { errors: { field: string; rule: string }[] }) => error.errors.map((e) => `${e.field}:${e.rule}`).sort(),
    );

describe('the validation pipe', () => {
  it('names every broken rule, inherited ones too, the same on every call', async () => {
    for (let i = 0; i < 3; i++) expect(await rules({ name: 1, count: 0, other: true }, Counted)).toEqual(['count:min', 'name:isString', 'other:unknown']);
    expect(await rules({ name: 'a', count: 2 }, Counted)).toEqual([]);
  });

  it('applies rules registered after a class was first validated (rule lists are kept, not frozen)', async () => {
    expect(await rules({ name: 'a', count: 5 }, Counted)).toEqual([]);
    Max(3)(Counted.prototype, 'count');
    expect(await rules({ name: 'a', count: 5 }, Counted)).toEqual(['count:max']);
  });
});
