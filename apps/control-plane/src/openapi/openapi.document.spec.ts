import 'reflect-metadata';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ApiRoute, PublicRoute } from './api-docs.decorators';
import { buildOpenApiDocument } from './openapi.document';

class CreateThingDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  name!: string;

  @ApiProperty()
  @IsIn(['a', 'b'])
  kind!: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(5)
  @MaxLength(20, { each: true })
  tags!: string[];
}

@Controller('things')
class ThingsController {
  @Post(':thingId/parts')
  @ApiRoute({ operationId: 'createPart', summary: 'Create a part' })
  create(@Param('thingId', ParseUUIDPipe) _thingId: string, @Body() _body: CreateThingDto) {
    return {};
  }

  @Get('public')
  @ApiRoute({ operationId: 'getPublicThing', summary: 'Anyone may read it' })
  @PublicRoute()
  open() {
    return {};
  }

  @Get()
  undocumented() {
    return [];
  }
}

describe('buildOpenApiDocument', () => {
  const build = async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsController] }).compile();
    const app = moduleRef.createNestApplication();
    const document = buildOpenApiDocument(app);
    await app.close();
    return document;
  };

  it('states the validation limits of DTOs in their schema', async () => {
    const schema = (await build()).components?.schemas?.CreateThingDto as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 80 });
    expect(schema.properties.kind).toMatchObject({ enum: ['a', 'b'] });
    expect(schema.properties.tags).toMatchObject({ type: 'array', maxItems: 5, items: { type: 'string', maxLength: 20 } });
  });

  it('gives every operation its error answers with the error schema, and path ids their limit', async () => {
    const op = (await build()).paths['/things/{thingId}/parts'].post!;
    expect(op).toMatchObject({ operationId: 'createPart', summary: 'Create a part' });
    expect(Object.keys(op.responses).sort()).toEqual(['201', '400', '401', '403', '404', '413', '415', '500']);
    for (const status of ['400', '401', '403', '404', '413', '415', '500']) {
      expect(op.responses[status]).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } });
    }
    expect(op.parameters?.[0]).toMatchObject({ name: 'thingId', in: 'path', schema: { format: 'uuid', maxLength: 36 } });
    expect(op.requestBody).toMatchObject({ description: expect.stringMatching(/1 MiB.*32 levels/) });
  });

  it('documents public routes with security: [] and no 401; others inherit the admin bearer', async () => {
    const document = await build();
    expect(document.security).toEqual([{ admin: [] }]);
    const open = document.paths['/things/public'].get!;
    expect(open.security).toEqual([]);
    expect(open.responses['401']).toBeUndefined();
    expect(JSON.stringify(open)).not.toContain('x-public-route');
  });

  it('names an undocumented operation after its controller and method rather than leaving a generated one', async () => {
    expect((await build()).paths['/things'].get!.operationId).toBe('things_undocumented');
  });
});
