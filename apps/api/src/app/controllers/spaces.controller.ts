import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SpacesService } from '@neurograph/server-engine';
import { RequirePermission, Returns } from '@neurograph/server-http';
import { ActivateDto, CreateEdgeDto, CreateSpaceDto, CreateTokenDto, DensityQuery, EdgeQuery, PathQuery, PointQuery, ProjectionQuery, SearchDto, SpaceParams, SubgraphQuery, TokenPageQuery, TokenParams, UpdateTokenDto } from '../dto/spaces.dto.js';

@ApiTags('spaces')
@ApiBearerAuth()
@Controller('spaces')
export class SpacesController {
  constructor(private readonly spaces: SpacesService) {}

  @Get()
  @Returns('SpacePage')
  @RequirePermission('space:read')
  list() {
    const items = this.spaces.list();
    return { items, total: items.length };
  }

  @Post()
  @Returns('SpaceSummary')
  @RequirePermission('space:write')
  create(@Body() body: CreateSpaceDto) {
    return this.spaces.create(body.name);
  }

  @Get(':space')
  @Returns('SpaceSummary')
  @RequirePermission('space:read')
  get(@Param() params: SpaceParams) {
    return this.spaces.summary(params.space);
  }

  @Delete(':space')
  @RequirePermission('spaces:admin')
  @HttpCode(204)
  async remove(@Param() params: SpaceParams) {
    await this.spaces.remove(params.space);
  }

  @Get(':space/stats')
  @Returns('SpaceStats')
  @RequirePermission('space:read')
  stats(@Param() params: SpaceParams) {
    return this.spaces.stats(params.space);
  }

  @Get(':space/projection')
  @Returns('Projection')
  @RequirePermission('space:read')
  projection(@Param() params: SpaceParams, @Query() query: ProjectionQuery) {
    return this.spaces.get(params.space).projection(query.limit);
  }

  @Get(':space/tokens')
  @Returns('TokenPage')
  @RequirePermission('space:read')
  tokens(@Param() params: SpaceParams, @Query() query: TokenPageQuery) {
    return this.spaces.tokenPage(params.space, query.cursor, query.limit);
  }

  @Post(':space/tokens')
  @Returns('Token')
  @RequirePermission('space:write')
  createToken(@Param() params: SpaceParams, @Body() body: CreateTokenDto) {
    return this.spaces.createToken(params.space, { ...body });
  }

  @Get(':space/tokens/:id')
  @Returns('Token')
  @RequirePermission('space:read')
  token(@Param() params: TokenParams) {
    return this.spaces.token(params.space, params.id);
  }

  @Patch(':space/tokens/:id')
  @Returns('Token')
  @RequirePermission('space:write')
  updateToken(@Param() params: TokenParams, @Body() body: UpdateTokenDto) {
    return this.spaces.updateToken(params.space, params.id, { ...body });
  }

  @Delete(':space/tokens/:id')
  @RequirePermission('space:write')
  @HttpCode(204)
  removeToken(@Param() params: TokenParams) {
    this.spaces.removeToken(params.space, params.id);
  }

  @Post(':space/search')
  @Returns('SearchResponse')
  @RequirePermission('space:read')
  @HttpCode(200)
  search(@Param() params: SpaceParams, @Body() body: SearchDto) {
    return this.spaces.search(params.space, body);
  }

  @Get(':space/influence')
  @Returns('Influence')
  @RequirePermission('space:read')
  influence(@Param() params: SpaceParams, @Query() query: PointQuery) {
    return this.spaces.influence(params.space, query.point);
  }

  @Get(':space/density')
  @Returns('Density')
  @RequirePermission('space:read')
  density(@Param() params: SpaceParams, @Query() query: DensityQuery) {
    return this.spaces.density(params.space, query.point, query.radius);
  }

  @Get(':space/tokens/:id/edges')
  @Returns('Edges')
  @RequirePermission('graph:read')
  edges(@Param() params: TokenParams, @Query() query: EdgeQuery) {
    return this.spaces.edges(params.space, params.id, query.direction);
  }

  @Post(':space/edges')
  @Returns('Edge')
  @RequirePermission('graph:write')
  connect(@Param() params: SpaceParams, @Body() body: CreateEdgeDto) {
    return this.spaces.connect(params.space, body);
  }

  @Get(':space/path')
  @Returns('PathResponse')
  @RequirePermission('graph:read')
  path(@Param() params: SpaceParams, @Query() query: PathQuery) {
    return this.spaces.path(params.space, query.from, query.to);
  }

  @Post(':space/activate')
  @Returns('ActivateResponse')
  @RequirePermission('graph:read')
  @HttpCode(200)
  activate(@Param() params: SpaceParams, @Body() body: ActivateDto) {
    const { start, ...options } = body;
    return this.spaces.activate(params.space, start, options);
  }

  @Get(':space/subgraph')
  @Returns('Subgraph')
  @RequirePermission('graph:read')
  subgraph(@Param() params: SpaceParams, @Query() query: SubgraphQuery) {
    return this.spaces.subgraph(params.space, query.root, query.depth, query.maxNodes);
  }
}
